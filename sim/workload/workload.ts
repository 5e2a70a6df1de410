// The Spark workload simulator: plays spark-submit, Spark drivers, the scheduler, the PV
// controller and the kubelets against any Kubernetes API (the embedded cluster or a bare
// kube-apiserver), through `requestJson` only. About 13 × scale applications are alive at
// once (one per story at scale 1, see scenarios/), each replaced by the least represented
// story when it finishes, for as long as it runs.

import { backoffDelay } from '../../server/kube/backoff';
import type { KubeTransport } from '../../server/kube/kubeTransport';
import type { Logger } from '../../server/log';
import { ClaimController, type ClaimRef } from './claims';
import { createEventRecorder } from './events';
import { Kubelet } from './kubelet';
import { createNodePool } from './nodePool';
import { createPrng } from './prng';
import { applyFixtures } from './applyFixtures';
import { quotaFixtures } from './quotaFixtures';
import { planRbac } from './rbacFixtures';
import { classifyError, createRequestQueue, errorMessage, type RequestApi, type RequestQueueStats } from './requestQueue';
import { OPERATOR_SCENARIOS, SCENARIOS, type Scenario, type ScenarioEnv } from './scenarios';
import { SparkOperator, type SparkOperatorStats } from './operator/sparkOperator';
import { submitOperatorWave } from './operator/operatorWave';
import { defaultRunScript } from './operator/operatorSubmission';
import { quotaStarved } from './scenarios/quotaStarved';
import { SimClock } from './simClock';
import { SparkApplication, type AppContext } from './sparkApplication';

export interface WorkloadOptions {
  seed: number;
  /** 1 ≈ a dozen applications alive at once, one of them with 200-400 executors. */
  scale: number;
  /** Simulated seconds per real second; 0 = frozen once start() has run the warm-up. */
  churn: number;
  namespaces?: string[];
  log: Logger;
  maxConcurrentRequests?: number;
  /** Wall clock for names and timestamps. */
  now?: () => number;
  /** Simulated time start() runs at once, so the first wave is alive when it resolves (default 30 s). */
  warmupMs?: number;
  /** Nodes to schedule on (default 12 per unit of scale, at least 12). */
  nodeCount?: number;
  /** Only these stories (scenario names, e.g. 'batch-etl'); default all. */
  stories?: string[];
}

export interface WorkloadStats {
  simulatedMs: number;
  apps: { alive: number; retained: number; submitted: number; succeeded: number; failed: number; rejected: number; byStory: Record<string, number> };
  pods: { created: number; bound: number; statusWrites: number; terminations: number; forcedDeletes: number; adopted: number };
  claims: { created: number; bound: number; deleted: number; leftBehind: number };
  events: { created: number; failed: number; supported: boolean | null };
  requests: RequestQueueStats;
  /** Failed requests of any kind (the expected ones included: 404 on a pod deleted by others, …). */
  errors: number;
  mode: { binding: 'binding' | 'nodeName'; podStatus: 'patch' | 'put' };
  backingOff: boolean;
  /** The simulated Kubeflow Spark operator (off where the API does not serve its CRDs). */
  operator: SparkOperatorStats;
}

export interface WorkloadSimulator {
  start(): Promise<void>;
  stop(): Promise<void>;
  stats(): WorkloadStats;
  /** Runs `ms` of simulated time at once (tests, tools); not needed in real-time mode. */
  advance(ms: number): Promise<void>;
}

/** The last one is shared by ad-hoc jobs and held by a ResourceQuota (quotaFixtures.ts). */
export const DEFAULT_NAMESPACES = ['spark-etl', 'spark-ml', 'spark-streaming', 'spark-adhoc'];
const LEFTOVER_GROUPS_KEPT = 3;
const OUTAGE_FAILURES = 3;

export function createWorkloadSimulator(api: Pick<KubeTransport, 'requestJson'>, options: WorkloadOptions): WorkloadSimulator {
  const log = options.log;
  const wallNow = options.now ?? Date.now;
  const scale = Math.max(0, options.scale);
  const rng = createPrng(options.seed);
  const storyRng = rng.fork();
  const backoffRng = rng.fork();
  const jitter = rng.fork();
  const nodeCount = options.nodeCount ?? Math.max(12, 12 * Math.ceil(scale));
  const maxConcurrent = options.maxConcurrentRequests ?? 16;
  const health = { failures: 0, until: 0 };
  const counters = { podsCreated: 0, submitted: 0, succeeded: 0, failed: 0, rejected: 0, leftBehind: 0 };

  // Every request passes here: connection trouble pauses simulated time (backoff), and a
  // success ends the pause. Errors themselves are handled by whoever made the request.
  const observed: RequestApi = {
    async requestJson<T>(method: string, path: string, opts?: Parameters<RequestApi['requestJson']>[2]): Promise<T> {
      try {
        const answer = await api.requestJson<T>(method, path, opts);
        if (health.failures >= OUTAGE_FAILURES) log.info('the Kubernetes API answers again', { failures: health.failures });
        health.failures = 0;
        if (method === 'POST' && path.endsWith('/pods')) counters.podsCreated++;
        return answer;
      } catch (e) {
        if (classifyError(e) === 'unavailable') {
          health.failures++;
          // Single blips are only counted; an outage is logged once, and its end.
          if (health.failures === OUTAGE_FAILURES) log.warn('the Kubernetes API is unavailable; backing off', { error: errorMessage(e) });
          health.until = performance.now() + backoffDelay(health.failures, { initialMs: 500, maxMs: 30_000, random: backoffRng.next });
        }
        throw e;
      }
    },
  };
  const queue = createRequestQueue(observed, maxConcurrent);
  const clock = new SimClock({ log });
  const nodes = createNodePool(options.seed, nodeCount);
  const events = createEventRecorder(queue, log, wallNow);
  const kubelet = new Kubelet({ queue, clock, log, nodes, events, jitter, wallNow });
  const claims = new ClaimController(queue, events, log);
  const { layout, objects } = planRbac(options.namespaces?.length ? options.namespaces : DEFAULT_NAMESPACES);
  const env: ScenarioEnv = { layout, nodeCount };
  const scenarios = options.stories ? SCENARIOS.filter((sc) => options.stories!.includes(sc.story)) : [...SCENARIOS];
  const operatorScenarios = options.stories ? OPERATOR_SCENARIOS.filter((sc) => options.stories!.includes(sc.story)) : [...OPERATOR_SCENARIOS];
  if (scenarios.length === 0 && operatorScenarios.length === 0) throw new Error(`no known story among ${JSON.stringify(options.stories)}; known: ${SCENARIOS.map((sc) => sc.story).join(', ')}`);
  // The ad-hoc namespace's quota and limit range, for the story that runs into them.
  const quotaNamespace = layout.namespaces.find((n) => n.includes('adhoc'));
  if (quotaNamespace && scenarios.some((sc) => sc.story === quotaStarved.story)) objects.push(...quotaFixtures(quotaNamespace));
  const apps = new Set<SparkApplication>();
  const leftovers: ClaimRef[][] = [];
  let started = false;
  let stopped = false;

  const ctx: AppContext = {
    queue, clock, kubelet, claims, events, log, nodeCount, wallNow,
    listEveryMs: () => Math.max(15_000, 3000 * options.churn),
    onFinished(app) {
      if (app.outcome === 'succeeded') counters.succeeded++;
      else if (app.outcome === 'rejected') counters.rejected++;
      else counters.failed++;
      log.debug('application finished', { story: app.plan.story, app: app.id.prefix, outcome: app.outcome });
      if (!stopped) clock.after(storyRng.between(5000, 40_000), () => submit(nextStory()));
    },
    onCleaned: (app) => apps.delete(app),
    leaveClaims(refs) {
      counters.leftBehind += refs.length;
      leftovers.push(refs);
      // Someone tidies up eventually: only the last few applications' claims stay behind.
      while (leftovers.length > LEFTOVER_GROUPS_KEPT) {
        const old = leftovers.shift()!;
        clock.after(0, async () => { await Promise.all(old.map((r) => claims.delete(r))); });
      }
    },
  };

  const operatorEpoch = wallNow();
  // A stream of its own, so that the pod stories draw exactly what they drew before the operator existed.
  const operatorWaves = operatorScenarios.map((sc) => sc.build(createPrng(options.seed ^ 0x5ea7c0de), env, scale));
  const operator = new SparkOperator({
    ctx, namespaces: layout.namespaces, seed: options.seed, log,
    runScript: (app, attempt, r) => (operatorWaves[0]?.runScript ?? defaultRunScript)(app, attempt, r),
    tickEveryMs: () => Math.max(5000, 1000 * options.churn),
    now: () => operatorEpoch + clock.now(),
  });

  function nextStory(): Scenario {
    const present = new Map<string, number>();
    for (const app of apps) present.set(app.plan.story, (present.get(app.plan.story) ?? 0) + 1);
    const fewest = Math.min(...scenarios.map((s) => present.get(s.story) ?? 0));
    return storyRng.pick(scenarios.filter((s) => (present.get(s.story) ?? 0) === fewest));
  }

  function submit(scenario: Scenario): void {
    if (stopped || scenarios.length === 0) return;
    const appRng = rng.fork();
    const app = new SparkApplication(ctx, scenario.build(appRng, env), appRng);
    apps.add(app);
    counters.submitted++;
    app.submit();
  }

  const hold = () => performance.now() < health.until || queue.stats().queued > 50 * maxConcurrent;

  return {
    async start() {
      if (started) throw new Error('the workload simulator was already started');
      started = true;
      await applyFixtures(queue, objects, log, () => stopped);
      if (stopped) return;
      // The operator part only where the API serves its resources; the rest runs regardless.
      if (scale > 0 && (await operator.start()) && !stopped) for (const wave of operatorWaves) await submitOperatorWave(queue, wave, log);
      const firstWave = scale > 0 && scenarios.length > 0 ? Math.max(1, Math.round(scenarios.length * scale)) : 0;
      for (let i = 0; i < firstWave; i++) submit(scenarios[i % scenarios.length]!);
      log.info('workload started', { seed: options.seed, scale, churn: options.churn, applications: firstWave, nodes: nodeCount });
      await clock.advance(options.warmupMs ?? 30_000);
      if (!stopped && options.churn > 0) clock.run(options.churn, hold);
    },
    async stop() {
      stopped = true;
      operator.stop();
      clock.halt();
      await clock.settle();
      await queue.idle();
    },
    advance: (ms) => clock.advance(ms),
    stats() {
      const byStory: Record<string, number> = {};
      let alive = 0;
      for (const app of apps) {
        byStory[app.plan.story] = (byStory[app.plan.story] ?? 0) + 1;
        if (app.phase !== 'finished' && app.phase !== 'cleaning' && app.phase !== 'cleaned') alive++;
      }
      const requests = queue.stats();
      return {
        simulatedMs: clock.now(),
        apps: { alive, retained: apps.size - alive, submitted: counters.submitted, succeeded: counters.succeeded, failed: counters.failed, rejected: counters.rejected, byStory },
        pods: { created: counters.podsCreated, ...kubelet.counters },
        claims: { ...claims.counters, leftBehind: counters.leftBehind },
        events: { ...events.stats },
        requests,
        errors: requests.errors,
        mode: { binding: kubelet.bindingMode, podStatus: kubelet.statusMode },
        backingOff: performance.now() < health.until,
        operator: operator.stats(),
      };
    },
  };
}
