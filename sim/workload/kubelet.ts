// The scheduler and the kubelets, acting through the API only: bind a pod to a node (the
// binding subresource, or spec.nodeName at creation where binding is not served), write
// its status through the /status subresource stage by stage, kill its containers when its
// fate says so, and finish graceful deletions (exit 143, then DELETE with grace 0).

import type { KubePod } from '../../lib/kube/types';
import type { Logger } from '../../server/log';
import type { EventRecorder } from './events';
import type { NodePool, SimNode } from './nodePool';
import { computePodStatus, kubeTime, newPodRuntime, podPhase, startContainer, terminateContainer, type PodRuntime } from './podStatus';
import { PodStatusWriter } from './podStatusWriter';
import type { Prng } from './prng';
import { classifyError, errorMessage, statusNames, type RequestQueue, MERGE_PATCH } from './requestQueue';
import type { SimClock } from './simClock';
import type { SimPod } from './simPod';

export type { PodObserver, PodStage, SimPod } from './simPod';

export interface KubeletContext {
  queue: RequestQueue;
  clock: SimClock;
  log: Logger;
  nodes: NodePool;
  events: EventRecorder;
  /** Retry jitter; kept apart from the pods' own streams so that failures do not change their story. */
  jitter: Prng;
  wallNow(): number;
}

const podPath = (p: { namespace: string; name: string }) => `/api/v1/namespaces/${p.namespace}/pods/${p.name}`;

export class Kubelet {
  bindingMode: 'binding' | 'nodeName' = 'binding';
  readonly counters = { bound: 0, statusWrites: 0, terminations: 0, forcedDeletes: 0, adopted: 0 };
  private readonly writer: PodStatusWriter;

  constructor(private readonly ctx: KubeletContext) {
    this.writer = new PodStatusWriter(ctx.queue, ctx.log);
  }

  get statusMode(): 'patch' | 'put' {
    return this.writer.mode;
  }

  newPod(init: Pick<SimPod, 'name' | 'namespace' | 'role' | 'execId' | 'rng' | 'observer' | 'mainContainer' | 'block' | 'fate'>, body: KubePod): SimPod {
    const rng = init.rng;
    const runtime = newPodRuntime(body.spec ?? {}, { imageID: (image) => this.ctx.nodes.imageID(image), containerID: () => rng.hex(64) });
    const memoryRequest = body.spec?.containers?.find((c) => c.name === init.mainContainer)?.resources?.requests?.memory ?? '0';
    const pod: SimPod = { ...init, memoryRequest, uid: null, stage: 'new', runtime, status: null, node: null, deleting: false, timer: null, failures: 0 };
    // Without the binding subresource a pod can only be placed by naming its node up front.
    if (this.bindingMode === 'nodeName' && !pod.block) {
      pod.node = this.ctx.nodes.pick(rng);
      body.spec = { ...body.spec, nodeName: pod.node.name };
    }
    return pod;
  }

  /** The pod exists in the API: the scheduler takes it from here. */
  admit(pod: SimPod, created: KubePod): void {
    pod.uid = created.metadata?.uid ?? null;
    pod.stage = 'unscheduled';
    this.after(pod, pod.rng.between(100, 3000), () => this.schedule(pod));
  }

  private after(pod: SimPod, ms: number, step: () => Promise<void>): void {
    pod.timer?.cancel();
    pod.timer = this.ctx.clock.after(ms, step);
  }

  private retry(pod: SimPod, step: () => Promise<void>): void {
    pod.failures++;
    this.after(pod, Math.min(60_000, 1000 * 2 ** Math.min(pod.failures - 1, 6)) * this.ctx.jitter.between(0.75, 1.25), step);
  }

  /** For `unless`: drop a queued request for a pod that has gone meanwhile. */
  private gonePod(pod: SimPod): () => boolean {
    return () => pod.stage === 'gone';
  }

  private alive(pod: SimPod): boolean {
    return pod.stage !== 'gone' && !pod.deleting;
  }

  private async schedule(pod: SimPod): Promise<void> {
    if (!this.alive(pod) || pod.stage !== 'unscheduled') return;
    if (pod.block) {
      pod.runtime.scheduled = 'unschedulable';
      pod.runtime.unschedulableMessage = pod.block;
      if (await this.write(pod, () => this.schedule(pod))) {
        pod.stage = 'unschedulable';
        await this.ctx.events.record(pod, { type: 'Warning', reason: 'FailedScheduling', message: pod.block, component: 'default-scheduler' });
      }
      return;
    }
    if (!pod.node) {
      const node = this.ctx.nodes.pick(pod.rng);
      const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod.name, namespace: pod.namespace }, target: { apiVersion: 'v1', kind: 'Node', name: node.name } };
      try {
        await this.ctx.queue.request('POST', `${podPath(pod)}/binding`, { body: binding, unless: this.gonePod(pod) });
        this.counters.bound++;
      } catch (e) {
        const cls = classifyError(e);
        if (cls === 'skipped' || (cls === 'notFound' && statusNames(e, pod.name))) return this.gone(pod);
        if (cls !== 'notFound' && cls !== 'unsupported') return this.retry(pod, () => this.schedule(pod));
        if (!(await this.bindingUnsupported(pod, node, e))) return;
      }
      pod.node = node;
    }
    if (!this.alive(pod)) return;
    pod.failures = 0;
    this.after(pod, pod.rng.between(200, 1500), () => this.createSandbox(pod));
  }

  /** A 404/405 on binding: the pod is gone, or the API has no binding subresource. */
  private async bindingUnsupported(pod: SimPod, node: SimNode, cause: unknown): Promise<boolean> {
    try {
      await this.ctx.queue.request<KubePod>('GET', podPath(pod));
    } catch (e) {
      if (classifyError(e) === 'notFound') this.gone(pod);
      else this.retry(pod, () => this.schedule(pod));
      return false;
    }
    if (this.bindingMode === 'binding') {
      this.bindingMode = 'nodeName';
      this.ctx.log.warn('the API does not serve pods/binding; new pods are created with spec.nodeName set', { error: errorMessage(cause) });
    }
    // Best effort for a pod that already exists unbound; a real API refuses spec changes.
    await this.ctx.queue.request('PATCH', podPath(pod), { body: { spec: { nodeName: node.name } }, contentType: MERGE_PATCH }).catch(() => undefined);
    return true;
  }

  private async createSandbox(pod: SimPod): Promise<void> {
    if (!this.alive(pod) || pod.stage !== 'unscheduled' || !pod.node) return;
    const rt = pod.runtime;
    rt.scheduled = 'yes';
    rt.hostIP ??= pod.node.ip;
    rt.podIP ??= this.ctx.nodes.podIP(pod.node);
    rt.startTime ??= this.time();
    rt.sandboxReady = true;
    if (!(await this.write(pod, () => this.createSandbox(pod)))) return;
    pod.stage = 'starting';
    pod.observer.onStatus(pod);
    const pull = pod.rng.chance(0.7) ? pod.rng.between(1000, 3000) : pod.rng.between(3000, 10_000);
    this.after(pod, pull, () => this.startContainers(pod));
  }

  private async startContainers(pod: SimPod): Promise<void> {
    if (!this.alive(pod) || pod.stage !== 'starting') return;
    const at = this.time();
    for (const c of pod.runtime.initContainers) if (c.nativeSidecar) startContainer(c, at);
    for (const c of pod.runtime.containers) startContainer(c, at);
    if (!(await this.write(pod, () => this.startContainers(pod)))) return;
    pod.stage = 'running';
    pod.observer.onStatus(pod);
    const fate = pod.fate;
    if (fate.kind === 'exits' || fate.kind === 'evicted') this.after(pod, fate.afterMs, () => this.meetFate(pod));
  }

  private async meetFate(pod: SimPod): Promise<void> {
    if (!this.alive(pod) || pod.stage !== 'running') return;
    const fate = pod.fate;
    const at = this.time();
    const rt = pod.runtime;
    if (fate.kind === 'evicted') {
      rt.evictionMessage = `The node was low on resource: memory. Threshold quantity: 100Mi, available: ${pod.rng.int(40_000, 99_000)}Ki. Container ${pod.mainContainer} was using ${pod.rng.int(5_000_000, 9_000_000)}Ki, request is ${pod.memoryRequest}, has larger consumption of memory. `;
      for (const c of [...rt.containers, ...rt.initContainers]) terminateContainer(c, at, 137, 'Error');
    } else if (fate.kind === 'exits') {
      const target = fate.container === 'spark' ? rt.containers.find((c) => c.name === pod.mainContainer) : rt.containers.find((c) => c.name !== pod.mainContainer);
      if (target) terminateContainer(target, at, fate.exitCode, fate.reason);
      this.stopNativeSidecarsIfDone(rt, at);
    }
    if (!(await this.write(pod, () => this.meetFate(pod)))) return;
    this.counters.terminations++;
    pod.stage = podPhase(rt) === 'Running' ? 'running' : 'finished';
    pod.observer.onStatus(pod);
  }

  private stopNativeSidecarsIfDone(rt: PodRuntime, at: string): void {
    if (rt.containers.every((c) => c.stage === 'terminated')) for (const c of rt.initContainers) terminateContainer(c, at, 0);
  }

  /** The pod's main process ends by itself (driver done, executor told to stop); sidecars follow. */
  async finish(pod: SimPod, exitCode: number): Promise<void> {
    if (!this.alive(pod) || (pod.stage !== 'running' && pod.stage !== 'finished')) return;
    const at = this.time();
    const rt = pod.runtime;
    for (const c of rt.containers) terminateContainer(c, at, c.name === pod.mainContainer ? exitCode : 0);
    this.stopNativeSidecarsIfDone(rt, at);
    if (!(await this.write(pod, () => this.finish(pod, exitCode)))) return;
    this.counters.terminations++;
    pod.stage = 'finished';
    pod.observer.onStatus(pod);
  }

  /** DELETE as the driver or a janitor sends it (default grace period). */
  async requestDeletion(pod: SimPod): Promise<void> {
    if (pod.stage === 'gone' || pod.deleting) return;
    try {
      const answer = await this.ctx.queue.request<KubePod>('DELETE', podPath(pod), { unless: this.gonePod(pod) });
      const meta = answer?.metadata;
      if (meta?.deletionTimestamp && (meta.deletionGracePeriodSeconds ?? 0) > 0) this.deletionMarked(pod);
      else this.gone(pod);
    } catch (e) {
      const cls = classifyError(e);
      if (cls === 'notFound' || cls === 'skipped') this.gone(pod);
      else if (cls === 'unavailable' || cls === 'conflict') this.ctx.clock.after(this.ctx.jitter.between(1000, 3000), () => this.requestDeletion(pod));
      else this.ctx.log.once('warn', `delete:${cls}`, 'could not delete a simulated pod', { pod: pod.name, error: errorMessage(e) });
    }
  }

  /** A deletionTimestamp appeared: the kubelet stops the containers, then removes the pod. */
  deletionMarked(pod: SimPod): void {
    if (pod.stage === 'gone' || pod.deleting) return;
    pod.deleting = true;
    pod.failures = 0;
    const running = pod.runtime.containers.some((c) => c.stage === 'running');
    this.after(pod, running ? pod.rng.between(500, 3000) : pod.rng.between(100, 500), () => this.killForDeletion(pod));
  }

  private async killForDeletion(pod: SimPod): Promise<void> {
    if (pod.stage === 'gone') return;
    const rt = pod.runtime;
    if (rt.containers.some((c) => c.stage === 'running')) {
      const at = this.time();
      // SIGTERM: the JVM exits 128 + 15; sidecars shut down cleanly.
      for (const c of rt.containers) if (c.stage === 'running') terminateContainer(c, at, c.name === pod.mainContainer ? 143 : 0);
      this.stopNativeSidecarsIfDone(rt, at);
      if (!(await this.write(pod, () => this.killForDeletion(pod)))) return;
      this.counters.terminations++;
      pod.observer.onStatus(pod);
    }
    await this.forceDelete(pod);
  }

  private async forceDelete(pod: SimPod): Promise<void> {
    if (pod.stage === 'gone') return;
    try {
      await this.ctx.queue.request('DELETE', podPath(pod), { query: { gracePeriodSeconds: 0 }, unless: this.gonePod(pod) });
      this.counters.forcedDeletes++;
      this.gone(pod);
    } catch (e) {
      const cls = classifyError(e);
      if (cls === 'notFound' || cls === 'skipped') this.gone(pod);
      else this.retry(pod, () => this.forceDelete(pod));
    }
  }

  gone(pod: SimPod): void {
    if (pod.stage === 'gone') return;
    pod.timer?.cancel();
    pod.timer = null;
    pod.stage = 'gone';
    pod.observer.onGone(pod);
  }

  /** What a list shows of a pod we drive: a deletion or a status someone else wrote. */
  observe(pod: SimPod, seen: KubePod): void {
    if (pod.stage === 'gone') return;
    if (seen.metadata?.deletionTimestamp && !pod.deleting) this.deletionMarked(pod);
    const phase = seen.status?.phase;
    if ((phase === 'Succeeded' || phase === 'Failed') && pod.stage !== 'finished' && podPhase(pod.runtime) !== phase) this.adopt(pod, seen);
  }

  /** Someone else ended the pod (a test, kubectl): stop driving it and take their status. */
  private adopt(pod: SimPod, seen: KubePod): void {
    this.counters.adopted++;
    if (!pod.deleting) {
      pod.timer?.cancel();
      pod.timer = null;
    }
    pod.stage = 'finished';
    pod.status = seen.status ?? null;
    for (const c of pod.runtime.containers) {
      const s = seen.status?.containerStatuses?.find((x) => x.name === c.name)?.state?.terminated;
      if (s) terminateContainer(c, s.finishedAt ?? this.time(), s.exitCode ?? 0, s.reason, s.message);
    }
    pod.observer.onStatus(pod);
  }

  /** Writes the runtime's status; on failure schedules `again` (or gives the pod up). */
  private async write(pod: SimPod, again: () => Promise<void>): Promise<boolean> {
    const status = computePodStatus(pod.runtime, this.time());
    const outcome = await this.writer.write(pod, status, this.gonePod(pod));
    switch (outcome) {
      case 'ok':
        this.counters.statusWrites++;
        pod.status = status;
        pod.failures = 0;
        return pod.stage !== 'gone';
      case 'gone':
        this.gone(pod);
        return false;
      case 'again':
        this.after(pod, 0, again);
        return false;
      case 'rejected':
        await this.resync(pod);
        return false;
      case 'failed':
        this.retry(pod, again);
        return false;
    }
  }

  private async resync(pod: SimPod): Promise<void> {
    try {
      const seen = await this.ctx.queue.request<KubePod>('GET', podPath(pod));
      this.observe(pod, seen);
    } catch (e) {
      if (classifyError(e) === 'notFound') this.gone(pod);
    }
  }

  private time(): string {
    return kubeTime(this.ctx.wallNow());
  }
}
