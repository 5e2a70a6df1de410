// One simulated Spark application from spark-submit to clean-up: submission creates the
// driver pod; the driver allocates executors in batches of 20 a second, reacts to their
// final states as ExecutorPodsLifecycleManager does (GET then DELETE, or the inactive
// label), scales with dynamic allocation, fails past maxNumFailures, and on stop deletes
// its executors; a janitor removes what is left a while after it ends.

import type { KubeOwnerReference, KubePod } from '../../lib/kube/types';
import type { Logger } from '../../server/log';
import type { AppPlan } from './appPlan';
import type { ClaimController, ClaimRef } from './claims';
import { ExecutorAllocator } from './executorAllocator';
import type { EventRecorder } from './events';
import type { Kubelet, SimPod } from './kubelet';
import type { Prng } from './prng';
import { classifyError, errorMessage, type ErrorClass, type RequestQueue } from './requestQueue';
import type { SimClock } from './simClock';
import { buildDriverPod, newAppIdentity, type AppIdentity } from './sparkPods';
import { SPARK_APP_ID_LABEL } from '../../lib/spark/labels';
import { DEFAULT_DRIVER_CONTAINER_NAME } from '../../lib/spark/podState';
import { executorConfigMap, submissionObjects, type SubmissionObject } from './submissionResources';

export interface AppContext {
  queue: RequestQueue;
  clock: SimClock;
  kubelet: Kubelet;
  claims: ClaimController;
  events: EventRecorder;
  log: Logger;
  nodeCount: number;
  wallNow(): number;
  /** Simulated ms between the driver's full lists of its pods. */
  listEveryMs(): number;
  onFinished(app: SparkApplication): void;
  onCleaned(app: SparkApplication): void;
  /** Claims the application leaves behind when it is cleaned up. */
  leaveClaims(claims: ClaimRef[]): void;
}

/**
 * Who runs spark-submit, when it is not the user: the Kubeflow operator names the driver pod,
 * adds its labels, owns the driver, and decides itself what a failed submission means.
 */
export interface Submitter {
  /** The identity spark-submit derives, as the submitter's configuration changes it. */
  identity(derived: AppIdentity): AppIdentity;
  driverOwner?: KubeOwnerReference;
  /** false: a failed submission is reported (`refusal`) and never retried here. */
  retries: boolean;
  /** true: no janitor; the finished driver stays until the submitter removes it (cleanUp). */
  keepsDriver: boolean;
}

export type AppPhase = 'submitting' | 'starting' | 'running' | 'stopping' | 'finished' | 'cleaning' | 'cleaned';

export class SparkApplication {
  readonly id: AppIdentity;
  phase: AppPhase = 'submitting';
  /** Why it ended: 'succeeded', 'failed', 'rejected' (spark-submit could not create the driver). */
  outcome: 'succeeded' | 'failed' | 'rejected' | null = null;
  /** Why submission failed (outcome 'rejected'): the API's message and its error class. */
  refusal: { message: string; errorClass: ErrorClass } | null = null;
  driver: SimPod | null = null;
  readonly allocator: ExecutorAllocator;
  // Separate streams, so that when requests complete (which varies between API servers)
  // cannot change what is decided: executors draw theirs in id order, scaling on its
  // timer, and everything about timing from its own stream.
  readonly executorRng: Prng;
  readonly scaleRng: Prng;
  readonly timingRng: Prng;
  private readonly driverRng: Prng;
  private lastList = 0;
  /** Paths of the conf maps and service created for this application (deleted at the end). */
  private readonly resources = new Set<string>();

  constructor(readonly ctx: AppContext, readonly plan: AppPlan, rng: Prng, private readonly submitter?: Submitter) {
    const derived = newAppIdentity(plan, rng, ctx.wallNow());
    this.id = submitter ? submitter.identity(derived) : derived;
    this.driverRng = rng.fork();
    this.executorRng = rng.fork();
    this.scaleRng = rng.fork();
    this.timingRng = rng.fork();
    this.allocator = new ExecutorAllocator(this);
  }

  get log(): Logger {
    return this.ctx.log;
  }

  submit(): void {
    this.ctx.clock.after(0, () => this.createDriver());
  }

  /** spark-submit at once, for a submitter that waits for it (the operator): resolves once it has created the driver or failed. */
  submitNow(): Promise<void> {
    return this.createDriver();
  }

  private async createDriver(): Promise<void> {
    if (this.phase !== 'submitting') return;
    const podRng = this.driverRng.fork();
    const body = buildDriverPod(this.plan, this.id, podRng);
    if (this.submitter?.driverOwner) body.metadata = { ...body.metadata, ownerReferences: [this.submitter.driverOwner] };
    const driver = this.ctx.kubelet.newPod(
      { name: this.id.driverPodName, namespace: this.plan.namespace, role: 'driver', execId: null, rng: podRng, mainContainer: DEFAULT_DRIVER_CONTAINER_NAME, block: null, fate: { kind: 'runs' }, observer: { onStatus: () => this.onDriverStatus(), onGone: () => this.onDriverGone() } },
      body,
    );
    try {
      const created = await this.ctx.queue.request<KubePod>('POST', `/api/v1/namespaces/${this.plan.namespace}/pods`, { body });
      this.driver = driver;
      this.phase = 'starting';
      this.ctx.kubelet.admit(driver, created);
      this.scheduleList();
      // spark-submit creates the rest after the pod, owned by it.
      await this.createResources(submissionObjects(this.plan, this.id, created.metadata?.uid ?? '', new Date(this.ctx.wallNow())));
    } catch (e) {
      const cls = classifyError(e);
      const retried = this.submitter?.retries ?? true;
      if (retried && (cls === 'unavailable' || cls === 'other')) {
        this.ctx.clock.after(this.timingRng.between(2000, 5000), () => this.createDriver());
        return;
      }
      // e.g. 403 "error looking up service account": spark-submit fails, no pod exists.
      this.log.once('info', `submit:${cls}:${this.plan.story}`, 'spark-submit could not create a driver pod', { app: this.plan.appName, namespace: this.plan.namespace, error: errorMessage(e) });
      this.outcome = 'rejected';
      this.refusal = { message: errorMessage(e), errorClass: cls };
      this.phase = 'cleaned';
      this.ctx.onFinished(this);
      this.ctx.onCleaned(this);
    }
  }

  private onDriverStatus(): void {
    const driver = this.driver;
    if (!driver) return;
    if (this.phase === 'starting' && driver.stage === 'running') {
      // JVM start, SparkContext, then the allocator's first batch.
      this.ctx.clock.after(this.timingRng.between(3000, 8000), () => this.driverUp());
    } else if (driver.stage === 'finished' && (this.phase === 'starting' || this.phase === 'running' || this.phase === 'stopping')) {
      const exit = driver.runtime.containers.find((c) => c.name === DEFAULT_DRIVER_CONTAINER_NAME)?.exitCode;
      if (this.phase !== 'stopping') this.ctx.clock.after(0, () => this.allocator.driverLost(false));
      this.finished(exit === 0 ? 'succeeded' : 'failed');
    }
  }

  private async driverUp(): Promise<void> {
    if (this.phase !== 'starting' || !this.driver || this.driver.stage !== 'running') return;
    const dies = this.plan.driverDies;
    if (dies) {
      this.ctx.clock.after(dies.afterMs, () => this.ctx.kubelet.finish(this.driver!, dies.exitCode));
      return;
    }
    this.phase = 'running';
    await this.createResources([executorConfigMap(this.plan, this.id, this.driver.uid ?? '')]);
    this.allocator.start();
    this.ctx.clock.after(this.plan.runtimeMs, () => this.stop(this.plan.exitCode));
  }

  /** SparkContext.stop: executors go (deleted, or told to exit), then the driver exits. */
  async stop(exitCode: number): Promise<void> {
    if (this.phase !== 'running') return;
    this.phase = 'stopping';
    await this.allocator.stopAll();
    // spark.kubernetes.driver.service.deleteOnTermination, and the executor conf map by label.
    await this.deleteResources((path) => path.includes('/services/') || (path.endsWith('-conf-map') && path.includes('/spark-exec-')));
    this.ctx.clock.after(this.timingRng.between(2000, 5000), async () => {
      if (this.driver && this.driver.stage === 'running') await this.ctx.kubelet.finish(this.driver, exitCode);
    });
  }

  private finished(outcome: 'succeeded' | 'failed'): void {
    this.phase = 'finished';
    this.outcome = outcome;
    this.ctx.onFinished(this);
    // Finished drivers stay around (Spark never deletes them) until a janitor does.
    if (this.submitter?.keepsDriver) return;
    this.ctx.clock.after(this.timingRng.between(120_000, 360_000), () => this.cleanUp());
  }

  private onDriverGone(): void {
    if (this.phase === 'starting' || this.phase === 'running' || this.phase === 'stopping') {
      // Deleted from outside: a garbage collector would take the executors with it.
      this.log.once('info', `driver-gone:${this.plan.story}`, 'a simulated driver pod was deleted from outside; removing its executors', { pod: this.id.driverPodName });
      this.ctx.clock.after(0, () => this.allocator.driverLost(true));
      this.finished('failed');
    }
    this.maybeCleaned();
  }

  /** The janitor's clean-up, also what deleting the driver pod sets off (the garbage collector takes what it owns). */
  async cleanUp(): Promise<void> {
    if (this.phase !== 'finished') return;
    this.phase = 'cleaning';
    const left = await this.allocator.releaseClaims();
    if (left.length > 0) this.ctx.leaveClaims(left);
    await Promise.all([this.driver ? this.ctx.kubelet.requestDeletion(this.driver) : undefined, this.allocator.deleteAll(), this.deleteResources(() => true)]);
    // Whatever could not be deleted is forgotten after a while: memory stays bounded.
    this.ctx.clock.after(60_000, () => this.forget());
    this.maybeCleaned();
  }

  maybeCleaned(): void {
    if (this.phase !== 'cleaning') return;
    if ((this.driver && this.driver.stage !== 'gone') || this.allocator.size() > 0) return;
    this.forget();
  }

  private forget(): void {
    if (this.phase === 'cleaned') return;
    this.phase = 'cleaned';
    this.allocator.forgetAll();
    this.ctx.onCleaned(this);
  }

  private scheduleList(): void {
    this.ctx.clock.after(this.ctx.listEveryMs() * this.timingRng.between(0.8, 1.2), async () => {
      if (this.phase === 'cleaned') return;
      await this.list();
      this.scheduleList();
    });
  }

  /** The driver's periodic full list: notices deletions and statuses written by others. */
  async list(): Promise<void> {
    const epoch = ++this.lastList;
    const tracked = this.allocator.podsCreatedBefore(epoch);
    if (this.driver && this.driver.stage !== 'new') tracked.push(this.driver);
    let items: KubePod[];
    try {
      const list = await this.ctx.queue.request<{ items?: KubePod[] }>('GET', `/api/v1/namespaces/${this.plan.namespace}/pods`, { query: { labelSelector: `${SPARK_APP_ID_LABEL}=${this.id.appId}` } });
      items = list.items ?? [];
    } catch {
      return;
    }
    const byName = new Map(items.map((p) => [p.metadata?.name ?? '', p]));
    for (const pod of tracked) {
      const seen = byName.get(pod.name);
      if (!seen || (pod.uid && seen.metadata?.uid && seen.metadata.uid !== pod.uid)) this.ctx.kubelet.gone(pod);
      else this.ctx.kubelet.observe(pod, seen);
    }
    await this.allocator.removeOrphans(items);
  }

  private async createResources(objects: SubmissionObject[]): Promise<void> {
    for (const o of objects) {
      try {
        await this.ctx.queue.request('POST', o.path, { body: o.body });
        this.resources.add(`${o.path}/${o.name}`);
      } catch (e) {
        const cls = classifyError(e);
        if (cls === 'conflict') this.resources.add(`${o.path}/${o.name}`);
        else this.log.once('debug', `resource:${cls}:${o.path.split('/').pop()}`, 'could not create an application resource', { name: o.name, error: errorMessage(e) });
      }
    }
  }

  private async deleteResources(which: (path: string) => boolean): Promise<void> {
    const paths = [...this.resources].filter(which);
    for (const p of paths) this.resources.delete(p);
    await Promise.all(paths.map((p) => this.ctx.queue.request('DELETE', p).catch(() => undefined)));
  }

  listEpoch(): number {
    return this.lastList;
  }
}
