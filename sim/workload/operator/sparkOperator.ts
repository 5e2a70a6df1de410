// A small Kubeflow-like Spark operator inside the workload: each simulated tick it lists the
// SparkApplications, ScheduledSparkApplications and operator-launched pods of the workload's
// namespaces (what the real operator's informer caches hold), and reconciles each resource
// through the state machine (applicationStateMachine.ts) and the schedule controller. Its
// spark-submit is the workload's own application machinery, with Kubeflow's names, labels and
// owner; status goes only through the /status subresource, as a merge patch. When the API does
// not serve (404) or forbids (403) the operator's API group, the operator stays off.

import type { KubePod } from '../../../lib/kube/types';
import type { Logger } from '../../../server/log';
import { SPARK_ROLE_LABEL } from '../../../lib/spark/labels';
import { createPrng, type Prng } from '../prng';
import { classifyError, errorMessage, MERGE_PATCH } from '../requestQueue';
import { SparkApplication, type AppContext } from '../sparkApplication';
import { nextStep, submissionStatus, type ObservedRun } from './applicationStateMachine';
import {
  driverPodNameOf, KUBEFLOW_API_VERSION, LABEL_APP_NAME, LABEL_LAUNCHED_BY_OPERATOR, LABEL_SCHEDULED_APP_NAME, LABEL_SUBMISSION_ID,
  ownerReferenceTo, scheduledSparkApplicationsPath, sparkApplicationsPath, SPARK_UI_PORT, uiServiceNameOf,
  type KubeflowScheduledSparkApplication, type KubeflowSparkApplication, type SparkApplicationStatus,
} from './kubeflowResources';
import {
  apiRefusalStderr, defaultRunScript, operatorSubmitter, planFromSpec, sparkSubmitRefusal, submissionErrorMessage, type RunScriptFor,
} from './operatorSubmission';
import { ScheduledApplicationController } from './scheduledApplications';
import { statusMergePatch } from './statusMergePatch';

export interface SparkOperatorOptions {
  /** The workload's application context: queue, clock, kubelet… (its callbacks are replaced). */
  ctx: AppContext;
  namespaces: string[];
  seed: number;
  log: Logger;
  /** How each attempt behaves once its driver runs (default: a few minutes, then success). */
  runScript?: RunScriptFor;
  /** Simulated ms between reconcile passes. */
  tickEveryMs?: () => number;
  /**
   * The operator's clock (epoch ms): simulated time, so that retry intervals and `@every 5m`
   * pass in simulated minutes however fast the workload runs. Default: the workload's wall clock.
   */
  now?: () => number;
}

export interface SparkOperatorStats {
  /** null until discovery answered. */
  served: boolean | null;
  applications: number;
  schedules: number;
  submissions: number;
  submissionFailures: number;
  statusWrites: number;
}

type List<T> = { items?: T[] };

/** FNV-1a over the seed and a key: each application's randomness depends on nothing but its name. */
function streamFor(seed: number, key: string): Prng {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return createPrng(h);
}

/** A version 4 UUID, as uuid.New() gives the submission id. */
function uuidFrom(rng: Prng): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20)}`;
}

const appPath = (app: KubeflowSparkApplication) => `${sparkApplicationsPath(app.metadata.namespace ?? '')}/${app.metadata.name}`;

export class SparkOperator {
  readonly counters = { submissions: 0, submissionFailures: 0, statusWrites: 0 };
  private served: boolean | null = null;
  private stopped = false;
  private busy = false;
  /** The runs this operator started, by `<uid>/<submissionID>`: the drivers the workload simulates. */
  private readonly runs = new Map<string, SparkApplication>();
  /** Status writes that failed, written again before anything else (the operator requeues). */
  private readonly unwritten = new Map<string, SparkApplicationStatus>();
  private readonly schedules: ScheduledApplicationController;
  private readonly runCtx: AppContext;
  private seen = { applications: 0, schedules: 0 };

  constructor(private readonly options: SparkOperatorOptions) {
    const ctx = options.ctx;
    // The operator's drivers finish and are cleaned up on the operator's terms, not the workload's story loop.
    this.runCtx = { ...ctx, onFinished: () => {}, onCleaned: (app) => this.dropRun(app) };
    this.schedules = new ScheduledApplicationController({
      createRun: (run) => this.request('POST', sparkApplicationsPath(run.metadata.namespace ?? ''), { body: run }).then(() => undefined),
      deleteRun: (run) => this.deleteApplication(run),
      writeStatus: (s, status) => this.writeStatus(`${scheduledSparkApplicationsPath(s.metadata.namespace ?? '')}/${s.metadata.name}`, s.status ?? {}, status).then(() => undefined),
    });
  }

  private now(): number {
    return this.options.now?.() ?? this.ctx.wallNow();
  }

  private get ctx(): AppContext {
    return this.options.ctx;
  }

  private get log(): Logger {
    return this.options.log;
  }

  stats(): SparkOperatorStats {
    return { served: this.served, ...this.seen, ...this.counters };
  }

  /** Discovery: is sparkoperator.k8s.io/v1beta2 served, with both resources? Starts the ticks if so. */
  async start(): Promise<boolean> {
    try {
      const list = await this.ctx.queue.request<{ resources?: { name?: string }[] }>('GET', `/apis/${KUBEFLOW_API_VERSION}`);
      const names = new Set((list.resources ?? []).map((r) => r.name));
      this.served = names.has('sparkapplications') && names.has('scheduledsparkapplications');
    } catch (e) {
      const cls = classifyError(e);
      if (cls !== 'notFound' && cls !== 'forbidden') throw e;
      this.served = false;
    }
    if (!this.served) {
      this.log.info(`the API does not serve ${KUBEFLOW_API_VERSION} SparkApplications; the simulated Spark operator is off`);
      return false;
    }
    this.scheduleTick();
    return true;
  }

  stop(): void {
    this.stopped = true;
  }

  private scheduleTick(): void {
    const every = this.options.tickEveryMs?.() ?? 5000;
    this.ctx.clock.after(every, async () => {
      if (this.stopped) return;
      await this.tick();
      this.scheduleTick();
    });
  }

  /** One pass over every namespace (skipped while the previous one is still under way). */
  async tick(): Promise<void> {
    if (this.busy || !this.served) return;
    this.busy = true;
    try {
      const seen = { applications: 0, schedules: 0 };
      const live = new Set<string>();
      for (const ns of this.options.namespaces) {
        const listed = await this.listNamespace(ns);
        if (!listed) continue;
        seen.applications += listed.apps.length;
        seen.schedules += listed.scheduled.length;
        for (const app of listed.apps) live.add(app.metadata.uid ?? '');
        for (const app of listed.apps) await this.reconcileApplication(app, listed.pods);
        for (const s of listed.scheduled) {
          const runs = listed.apps.filter((a) => a.metadata.labels?.[LABEL_SCHEDULED_APP_NAME] === s.metadata.name);
          await this.schedules.reconcile(s, runs, this.now()).catch((e: unknown) => this.failed('schedule', e));
        }
      }
      this.seen = seen;
      // A deleted application takes its pods with it (the garbage collector follows the owner references).
      for (const [key, run] of this.runs) if (!live.has(key.split('/')[0]!)) await this.removeRun(key, run);
    } finally {
      this.busy = false;
    }
  }

  private async listNamespace(ns: string): Promise<{ apps: KubeflowSparkApplication[]; scheduled: KubeflowScheduledSparkApplication[]; pods: KubePod[] } | null> {
    try {
      const [apps, scheduled, pods] = await Promise.all([
        this.ctx.queue.request<List<KubeflowSparkApplication>>('GET', sparkApplicationsPath(ns)),
        this.ctx.queue.request<List<KubeflowScheduledSparkApplication>>('GET', scheduledSparkApplicationsPath(ns)),
        this.ctx.queue.request<List<KubePod>>('GET', `/api/v1/namespaces/${ns}/pods`, { query: { labelSelector: `${LABEL_LAUNCHED_BY_OPERATOR}=true` } }),
      ]);
      return { apps: apps.items ?? [], scheduled: scheduled.items ?? [], pods: pods.items ?? [] };
    } catch (e) {
      const cls = classifyError(e);
      if (cls === 'notFound' || cls === 'forbidden') this.log.once('info', `operator-list:${cls}:${ns}`, 'the simulated Spark operator cannot list its resources here', { namespace: ns, error: errorMessage(e) });
      return null;
    }
  }

  private failed(what: string, e: unknown): void {
    this.log.once('debug', `operator-${what}:${classifyError(e)}`, `the simulated Spark operator could not reconcile a ${what}`, { error: errorMessage(e) });
  }

  /** What the caches show of the application's current run. */
  private async observe(app: KubeflowSparkApplication, pods: KubePod[]): Promise<ObservedRun> {
    const status = app.status ?? {};
    const driverName = status.driverInfo?.podName || driverPodNameOf(app);
    const name = app.metadata.name;
    const driver = pods.find((p) => p.metadata?.name === driverName) ?? null;
    const executors = pods.filter((p) => {
      const l = p.metadata?.labels ?? {};
      return l[LABEL_APP_NAME] === name && l[SPARK_ROLE_LABEL] === 'executor' && !!status.submissionID && l[LABEL_SUBMISSION_ID] === status.submissionID;
    });
    let uiServiceExists: boolean | null = null;
    const state = status.applicationState?.state;
    // Only the states that wait for the resources to be deleted look at the service.
    if (state === 'PENDING_RERUN' || state === 'SUBMISSION_FAILED') uiServiceExists = await this.exists(this.uiServicePath(app, status));
    return { driver, executors, uiServiceExists };
  }

  private uiServicePath(app: KubeflowSparkApplication, status: SparkApplicationStatus): string {
    return `/api/v1/namespaces/${app.metadata.namespace}/services/${status.driverInfo?.webUIServiceName || uiServiceNameOf(app)}`;
  }

  private async exists(path: string): Promise<boolean> {
    try {
      await this.ctx.queue.request('GET', path);
      return true;
    } catch (e) {
      if (classifyError(e) === 'notFound') return false;
      throw e;
    }
  }

  private async reconcileApplication(app: KubeflowSparkApplication, pods: KubePod[]): Promise<void> {
    const uid = app.metadata.uid ?? '';
    try {
      const pending = this.unwritten.get(uid);
      if (pending) {
        this.unwritten.delete(uid);
        await this.writeAppStatus(app, pending);
        return;
      }
      const step = nextStep(app, await this.observe(app, pods), this.now());
      switch (step.kind) {
        case 'wait':
          return;
        case 'update':
          await this.writeAppStatus(app, step.status);
          return;
        case 'submit':
          await this.submit(app);
          return;
        case 'rerun':
          // Succeeding or Failing with a retry due: the run's resources go, then PENDING_RERUN.
          await this.deleteRunResources(app);
          await this.writeAppStatus(app, step.status);
          return;
        case 'deleteResources':
          await this.deleteRunResources(app);
          return;
        case 'expire':
          await this.deleteApplication(app);
          return;
      }
    } catch (e) {
      this.failed('SparkApplication', e);
    }
  }

  /** submitSparkApplication: a new submission id, spark-submit, then the web UI service. */
  private async submit(app: KubeflowSparkApplication): Promise<void> {
    const status = app.status ?? {};
    const key = `${app.metadata.namespace}/${app.metadata.name}/${app.metadata.uid}`;
    const attempt = (status.submissionAttempts ?? 0) + 1;
    const rng = streamFor(this.options.seed, `${key}/${attempt}`);
    const submissionId = uuidFrom(rng);
    const nowMs = this.now();
    const driverPodName = driverPodNameOf(app);
    const attemptInfo = { submissionId, driverPodName, nowMs };
    this.counters.submissions++;
    const refusal = sparkSubmitRefusal(app);
    if (refusal) return this.submissionFailed(app, attemptInfo, refusal);
    const script = (this.options.runScript ?? defaultRunScript)(app, (status.executionAttempts ?? 0) + 1, rng.fork());
    const run = new SparkApplication(this.runCtx, planFromSpec(app, script), rng.fork(), operatorSubmitter(app, submissionId));
    await run.submitNow();
    if (run.refusal) {
      const cls = run.refusal.errorClass;
      // The API could not be reached: nothing was decided, the next pass submits again.
      if (cls === 'unavailable' || cls === 'other' || cls === 'skipped') return;
      // runSparkSubmit recognises an existing driver pod; anything else is spark-submit's exception.
      const stderr = cls === 'conflict' ? 'driver pod already exist' : apiRefusalStderr(app.metadata.namespace ?? '', run.refusal.message);
      return this.submissionFailed(app, attemptInfo, stderr);
    }
    this.runs.set(`${app.metadata.uid}/${submissionId}`, run);
    const ui = await this.createUiService(app);
    await this.writeAppStatus(app, submissionStatus(status, attemptInfo, { ok: true, appId: run.id.appId, uiServiceName: ui, uiPort: SPARK_UI_PORT }));
  }

  private async submissionFailed(app: KubeflowSparkApplication, attempt: { submissionId: string; driverPodName: string; nowMs: number }, stderr: string): Promise<void> {
    this.counters.submissionFailures++;
    this.log.once('info', `operator-submission-failed:${app.metadata.namespace}/${app.metadata.name}`, 'the simulated Spark operator could not submit an application', { app: app.metadata.name, namespace: app.metadata.namespace });
    await this.writeAppStatus(app, submissionStatus(app.status ?? {}, attempt, { ok: false, errorMessage: submissionErrorMessage(stderr) }));
  }

  /** createWebUIService: a ClusterIP service on the driver's UI port, owned by the application. */
  private async createUiService(app: KubeflowSparkApplication): Promise<string> {
    const name = uiServiceNameOf(app);
    const appName = app.metadata.name ?? '';
    const body = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: app.metadata.namespace, labels: { [LABEL_APP_NAME]: appName }, ownerReferences: [ownerReferenceTo('SparkApplication', app.metadata, true)] },
      spec: {
        type: 'ClusterIP',
        selector: { [LABEL_APP_NAME]: appName, [SPARK_ROLE_LABEL]: 'driver' },
        ports: [{ name: 'spark-driver-ui-port', port: SPARK_UI_PORT, protocol: 'TCP', targetPort: SPARK_UI_PORT }],
      },
    };
    await this.request('POST', `/api/v1/namespaces/${app.metadata.namespace}/services`, { body }).catch((e: unknown) => {
      if (classifyError(e) !== 'conflict') this.failed('web UI service', e);
    });
    return name;
  }

  /** deleteSparkResources: the driver pod (its executors and conf maps follow it) and the UI service. */
  private async deleteRunResources(app: KubeflowSparkApplication): Promise<void> {
    const status = app.status ?? {};
    const run = status.submissionID ? this.runs.get(`${app.metadata.uid}/${status.submissionID}`) : undefined;
    const driverPath = `/api/v1/namespaces/${app.metadata.namespace}/pods/${status.driverInfo?.podName || driverPodNameOf(app)}`;
    if (run) await this.removeRun(`${app.metadata.uid}/${status.submissionID}`, run);
    else await this.request('DELETE', driverPath).catch(() => undefined);
    await this.request('DELETE', this.uiServicePath(app, status), { query: { gracePeriodSeconds: 0 } }).catch(() => undefined);
  }

  /** Deleting a SparkApplication (expired, or an old scheduled run); its run follows as the garbage collector would take it. */
  private async deleteApplication(app: KubeflowSparkApplication): Promise<void> {
    try {
      await this.request('DELETE', appPath(app), { query: { gracePeriodSeconds: 0 } });
    } catch (e) {
      if (classifyError(e) !== 'notFound') throw e;
    }
    for (const [key, run] of this.runs) if (key.startsWith(`${app.metadata.uid}/`)) await this.removeRun(key, run);
    await this.request('DELETE', this.uiServicePath(app, app.status ?? {}), { query: { gracePeriodSeconds: 0 } }).catch(() => undefined);
    this.unwritten.delete(app.metadata.uid ?? '');
  }

  private async removeRun(key: string, run: SparkApplication): Promise<void> {
    this.runs.delete(key);
    // A driver still running is lost with its pod, as when anyone deletes it.
    if (run.phase === 'finished') await run.cleanUp();
    else if (run.driver) await this.ctx.kubelet.requestDeletion(run.driver);
  }

  private dropRun(app: SparkApplication): void {
    for (const [key, run] of this.runs) if (run === app) this.runs.delete(key);
  }

  private async writeAppStatus(app: KubeflowSparkApplication, status: SparkApplicationStatus): Promise<void> {
    const uid = app.metadata.uid ?? '';
    const ok = await this.writeStatus(`${appPath(app)}`, app.status ?? {}, status);
    if (!ok) this.unwritten.set(uid, status);
  }

  /** The /status subresource, merge patch of what changed; false when it has to be written again. */
  private async writeStatus(path: string, before: object, after: object): Promise<boolean> {
    const patch = statusMergePatch(before, after);
    if (patch === null) return true;
    try {
      await this.request('PATCH', `${path}/status`, { body: { status: patch }, contentType: MERGE_PATCH });
      this.counters.statusWrites++;
      return true;
    } catch (e) {
      // Deleted meanwhile: nothing left to write to.
      if (classifyError(e) === 'notFound') return true;
      this.failed('status', e);
      return false;
    }
  }

  private request<T>(method: string, path: string, opts?: Parameters<AppContext['queue']['request']>[2]): Promise<T> {
    return this.ctx.queue.request<T>(method, path, opts);
  }
}
