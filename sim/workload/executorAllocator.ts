// A driver's executors: ExecutorPodsAllocator (batches of 20 a second toward the target,
// on-demand claims created after their pod and owned by the driver, dynamic allocation)
// and ExecutorPodsLifecycleManager (on a final state: count failures, GET then DELETE the
// pod, or label it spark-exec-inactive=true; past maxNumFailures the driver exits 11).

import type { KubePod } from '../../lib/kube/types';
import type { ClaimRef } from './claims';
import type { SimPod } from './kubelet';
import { classifyError, errorMessage, MERGE_PATCH } from './requestQueue';
import type { SparkApplication } from './sparkApplication';
import { actualExecutorContainerName, buildExecutorClaims, buildExecutorPod, sparkExecutorContainerName } from './sparkPods';
import { EXECUTOR_ID_PLACEHOLDER, SPARK_APP_ID_LABEL, SPARK_EXECUTOR_ID_LABEL, SPARK_EXECUTOR_INACTIVE_LABEL, SPARK_ROLE_LABEL } from '../../lib/spark/labels';
import { sparkPodState, type ExecutorPodState } from '../../lib/spark/podState';

const BATCH_SIZE = 20; // spark.kubernetes.allocation.batch.size
const BATCH_DELAY_MS = 1000; // spark.kubernetes.allocation.batch.delay
const EVENT_PROCESSING_MS = 1000; // spark.kubernetes.executor.eventProcessingInterval
const EXCEED_MAX_EXECUTOR_FAILURES = 11;
const MAX_WARNINGS_PER_APP = 12;

interface ExecutorEntry {
  pod: SimPod;
  /** The driver's list epoch when the pod was created; -1 while the POST is in flight. */
  createdEpoch: number;
  placeholder: boolean;
  /** The lifecycle manager has acted on a final state. */
  handled: boolean;
}

export class ExecutorAllocator {
  private readonly executors = new Map<number, ExecutorEntry>();
  private readonly claimRefs: ClaimRef[] = [];
  private nextExecId = 1;
  private target = 0;
  private failures = 0;
  private running = false;
  private warnings = 0;
  /**
   * The API refused the last executor asked for (a quota, a limit range, a webhook). Spark
   * creates a batch's pods one by one and the first refusal ends the batch, so until one is
   * admitted again each round asks for a single executor.
   */
  private refused = false;

  constructor(private readonly app: SparkApplication) {}

  private get ctx() {
    return this.app.ctx;
  }

  size(): number {
    return this.executors.size;
  }

  podsCreatedBefore(epoch: number): SimPod[] {
    return [...this.executors.values()].filter((e) => e.createdEpoch >= 0 && e.createdEpoch < epoch && e.pod.stage !== 'new' && e.pod.stage !== 'gone').map((e) => e.pod);
  }

  private live(): ExecutorEntry[] {
    return [...this.executors.values()].filter((e) => !e.handled && !e.pod.deleting && e.pod.stage !== 'gone');
  }

  start(): void {
    this.running = true;
    this.target = this.app.plan.instances;
    this.ctx.clock.after(0, () => this.allocate());
    const dynamic = this.app.plan.dynamic;
    if (dynamic) this.ctx.clock.after(dynamic.everyMs * this.app.timingRng.between(0.5, 1.5), () => this.rescale());
  }

  private async allocate(): Promise<void> {
    if (!this.running) return;
    const missing = Math.min(this.refused ? 1 : BATCH_SIZE, this.target - this.live().length);
    if (missing > 0) {
      const ids = Array.from({ length: missing }, () => this.nextExecId++);
      await Promise.all(ids.map((id) => this.createExecutor(id)));
    }
    this.ctx.clock.after(BATCH_DELAY_MS, () => this.allocate());
  }

  private async createExecutor(execId: number): Promise<void> {
    const { plan, id } = this.app;
    const rng = this.app.executorRng.fork();
    const fate = plan.executorFate(rng, execId);
    const placeholder = plan.execIdPlaceholderShare > 0 && rng.chance(plan.execIdPlaceholderShare);
    const driverUid = this.app.driver?.uid ?? '';
    const body = buildExecutorPod(plan, id, { execId, execIdLabel: placeholder ? EXECUTOR_ID_PLACEHOLDER : String(execId), driverUid }, rng);
    const claims = buildExecutorClaims(plan, id, execId, driverUid);
    const claimsBind = claims.length === 0 || rng.chance(plan.claims?.bindShare ?? 1);
    const n = this.ctx.nodeCount;
    const block = fate.kind === 'unschedulable' ? `0/${n} nodes are available: ${n} Insufficient cpu.`
      : !claimsBind ? `0/${n} nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`
      : null;
    const entry = { createdEpoch: -1, placeholder, handled: false } as ExecutorEntry;
    entry.pod = this.ctx.kubelet.newPod(
      { name: body.metadata!.name!, namespace: plan.namespace, role: 'executor', execId, rng, mainContainer: actualExecutorContainerName(plan), block, fate, observer: { onStatus: () => this.onStatus(entry), onGone: () => this.onGone(execId) } },
      body,
    );
    this.executors.set(execId, entry);
    let created: KubePod;
    try {
      created = await this.ctx.queue.request<KubePod>('POST', `/api/v1/namespaces/${plan.namespace}/pods`, { body });
    } catch (e) {
      // Spark logs and tries again with new ids on its next batch; so do we. (The embedded
      // cluster writes what Spark logs into the driver's log itself: driverLogBook.ts.)
      this.executors.delete(execId);
      if (classifyError(e) === 'forbidden') this.refused = true;
      this.ctx.log.once('info', `exec-create:${classifyError(e)}`, 'a simulated driver could not create an executor pod', { pod: entry.pod.name, error: errorMessage(e) });
      return;
    }
    this.refused = false;
    entry.createdEpoch = this.app.listEpoch();
    const pod = entry.pod;
    for (const claim of claims) {
      const { result, ref } = await this.ctx.claims.create(claim);
      if (result === 'ok') this.claimRefs.push(ref);
      else {
        // ExecutorPodsAllocator deletes the pod whose resources it could not create.
        pod.uid = created.metadata?.uid ?? null;
        await this.ctx.kubelet.requestDeletion(pod);
        return;
      }
    }
    const admit = () => {
      if (pod.stage === 'new') this.ctx.kubelet.admit(pod, created);
      if (!this.running && this.app.plan.deleteOnTermination && this.app.plan.canDeletePods) this.ctx.clock.after(0, () => this.ctx.kubelet.requestDeletion(pod));
    };
    if (claims.length === 0) return admit();
    const refs = this.claimRefs.slice(-claims.length);
    if (!claimsBind) {
      for (const ref of refs) await this.ctx.claims.reportProvisioningFailure(ref, claims[0]!.spec?.storageClassName ?? '');
      return admit();
    }
    this.ctx.clock.after(rng.between(1000, 4000), async () => {
      for (let i = 0; i < refs.length; i++) await this.ctx.claims.bind(refs[i]!, claims[i]!);
      admit();
    });
  }

  /** The driver's view of its pod: Spark's toState on the status last written or seen. */
  private sparkState(pod: SimPod): ExecutorPodState {
    // A pod whose status nobody has written yet is Pending as the API created it.
    const status = pod.status ?? { phase: 'Pending' };
    const seen = { metadata: pod.deleting ? { deletionTimestamp: 'set' } : {}, spec: { restartPolicy: 'Never' }, status };
    return sparkPodState(seen, { checkAllContainers: true, sparkContainerName: sparkExecutorContainerName(this.app.plan) }).state;
  }

  private onStatus(entry: ExecutorEntry): void {
    const pod = entry.pod;
    if (entry.placeholder && pod.stage === 'running') {
      entry.placeholder = false;
      // The executor registers and asks for its id (GenerateExecID); the driver patches it on.
      this.ctx.clock.after(this.app.timingRng.between(2000, 5000), () => this.patchLabels(pod, { [SPARK_EXECUTOR_ID_LABEL]: String(pod.execId) }));
    }
    const state = this.sparkState(pod);
    if (entry.handled || (state !== 'failed' && state !== 'succeeded' && state !== 'deleted')) return;
    entry.handled = true;
    if (state === 'deleted') return; // Spark removes the executor without calling the API.
    this.ctx.clock.after(EVENT_PROCESSING_MS * this.app.timingRng.between(0.3, 1.2), () => this.onFinal(pod, state));
  }

  private async onFinal(pod: SimPod, state: 'failed' | 'succeeded'): Promise<void> {
    const plan = this.app.plan;
    if (state === 'failed') this.failures++;
    if (pod.stage !== 'gone' && !pod.deleting) {
      if (!plan.deleteOnTermination) await this.patchLabels(pod, { [SPARK_EXECUTOR_INACTIVE_LABEL]: 'true' });
      else if (!plan.canDeletePods) await this.forbidden(`pods "${pod.name}"`, 'delete');
      else await this.getThenDelete(pod);
    }
    if (state === 'failed' && this.failures > plan.maxFailures && this.app.phase === 'running') {
      this.ctx.log.debug('a simulated driver reached its executor failure limit', { app: plan.appName, failures: this.failures });
      await this.app.stop(EXCEED_MAX_EXECUTOR_FAILURES);
    }
  }

  private async getThenDelete(pod: SimPod): Promise<void> {
    try {
      const seen = await this.ctx.queue.request<KubePod>('GET', `/api/v1/namespaces/${pod.namespace}/pods/${pod.name}`);
      if (!seen.metadata?.deletionTimestamp) await this.ctx.kubelet.requestDeletion(pod);
    } catch (e) {
      if (classifyError(e) === 'notFound') this.ctx.kubelet.gone(pod);
    }
  }

  private async patchLabels(pod: SimPod, labels: Record<string, string>): Promise<void> {
    if (pod.stage === 'gone') return;
    try {
      await this.ctx.queue.request('PATCH', `/api/v1/namespaces/${pod.namespace}/pods/${pod.name}`, { body: { metadata: { labels } }, contentType: MERGE_PATCH });
    } catch (e) {
      if (classifyError(e) === 'notFound') this.ctx.kubelet.gone(pod);
    }
  }

  /** What the driver would log when its service account lacks a verb: here, a Warning event. */
  private async forbidden(what: string, verb: string): Promise<void> {
    const driver = this.app.driver;
    if (!driver || this.warnings >= MAX_WARNINGS_PER_APP) return;
    this.warnings++;
    const { namespace, serviceAccount } = this.app.plan;
    const message = `${what} is forbidden: User "system:serviceaccount:${namespace}:${serviceAccount}" cannot ${verb} resource "pods" in API group "" in the namespace "${namespace}"`;
    await this.ctx.events.record(driver, { type: 'Warning', reason: verb === 'delete' ? 'FailedDelete' : 'FailedDeleteCollection', message, component: 'spark-driver', host: driver.node?.name });
  }

  private async rescale(): Promise<void> {
    const dynamic = this.app.plan.dynamic;
    if (!this.running || !dynamic) return;
    this.target = Math.max(dynamic.min, Math.min(dynamic.max, this.target + this.app.scaleRng.pick([-12, -6, -3, 0, 4, 8, 16])));
    const live = this.live();
    const excess = live.length - this.target;
    if (excess > 0) {
      // Pending pods go first (Spark deletes excess pending pods), then idle running executors.
      const pending = live.filter((e) => e.pod.stage !== 'running');
      const newestFirst = live.filter((e) => e.pod.stage === 'running').reverse();
      const victims = [...pending, ...newestFirst].slice(0, excess);
      await Promise.all(victims.map((e) => this.ctx.kubelet.requestDeletion(e.pod)));
    }
    this.ctx.clock.after(dynamic.everyMs * this.app.timingRng.between(0.5, 1.5), () => this.rescale());
  }

  /** SparkContext.stop: delete every executor, or (not allowed to) tell them to exit. */
  async stopAll(): Promise<void> {
    this.running = false;
    const plan = this.app.plan;
    const deleting = plan.deleteOnTermination && plan.canDeletePods;
    if (plan.deleteOnTermination && !plan.canDeletePods) {
      await this.forbidden('pods', 'deletecollection');
    }
    await Promise.all([...this.executors.values()].map((e) => {
      if (e.pod.stage === 'gone' || e.pod.deleting) return undefined;
      if (deleting && e.pod.stage !== 'new') return this.ctx.kubelet.requestDeletion(e.pod);
      return e.pod.stage === 'running' ? this.ctx.kubelet.finish(e.pod, 0) : undefined;
    }));
    if (!plan.claims?.leaveBehind) await this.deleteClaims();
  }

  /** The driver is gone without stopping: executors lose it (exit 1) or are collected with it. */
  async driverLost(deleted: boolean): Promise<void> {
    this.running = false;
    await Promise.all([...this.executors.values()].map((e) => {
      if (e.pod.stage === 'gone' || e.pod.stage === 'new') return undefined;
      if (deleted) return this.ctx.kubelet.requestDeletion(e.pod);
      return e.pod.stage === 'running' ? this.ctx.kubelet.finish(e.pod, 1) : undefined;
    }));
  }

  async deleteAll(): Promise<void> {
    await Promise.all([...this.executors.values()].map((e) => (e.pod.stage === 'new' ? undefined : this.ctx.kubelet.requestDeletion(e.pod))));
  }

  private async deleteClaims(): Promise<void> {
    const refs = this.claimRefs.splice(0);
    await Promise.all(refs.map((ref) => this.ctx.claims.delete(ref)));
  }

  /** At clean-up: claims to leave behind, or none (deleted now if stop did not). */
  async releaseClaims(): Promise<ClaimRef[]> {
    if (this.app.plan.claims?.leaveBehind) return this.claimRefs.splice(0);
    await this.deleteClaims();
    return [];
  }

  forgetAll(): void {
    for (const e of this.executors.values()) e.pod.timer?.cancel();
    this.executors.clear();
  }

  private onGone(execId: number): void {
    this.executors.delete(execId);
    this.app.maybeCleaned();
  }

  /** Executor pods of this application nobody tracks (a create that timed out but happened). */
  async removeOrphans(items: KubePod[]): Promise<void> {
    const known = new Set([...this.executors.values()].map((e) => e.pod.name));
    const orphans = items.filter((p) => p.metadata?.labels?.[SPARK_ROLE_LABEL] === 'executor' && p.metadata.labels[SPARK_APP_ID_LABEL] === this.app.id.appId && !known.has(p.metadata.name ?? ''));
    if (this.app.phase === 'cleaned') return;
    await Promise.all(orphans.map((p) => this.ctx.queue.request('DELETE', `/api/v1/namespaces/${p.metadata!.namespace}/pods/${p.metadata!.name}`, { query: { gracePeriodSeconds: 0 } }).catch(() => undefined)));
  }
}
