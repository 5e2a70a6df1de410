// A store subscriber that keeps the record: every pod's compact row (transitions included)
// with its exit reason, every transition once, each application's summary, its counts over
// time and its driver log, and when the cluster was being watched. It runs on its own
// interval (one transaction per run), never on the live path: the scope publisher does not
// wait for it, and a database that is slow or gone costs only this subscriber.
//
// What is not yet written waits in `pending`, keyed by pod (a pod changed a hundred times
// while the database was down is one row to write). The wait is bounded: beyond
// `maxPendingPods` new pods are dropped and counted, and the writer catches up with the rest
// when the database answers again.
//
// Replicas: only the holder of the cluster's writer lease writes (writerLease.ts); keys make
// every write idempotent (a pod's row by uid, newest wins; a transition by pod, state and
// occurrence), so a takeover that writes again what the last holder wrote stores nothing twice.

import { summarizeApp, type AppSummary } from '../../lib/snapshot/appSummary';
import type { DriverLogEntry } from '../../lib/snapshot/driverLog';
import { stateOfCode, type PodRow, type Transition } from '../../lib/snapshot/executorRow';
import type { LogTail } from '../../lib/apiTypes';
import type { ExitText } from '../../lib/snapshot/executorView';
import type { PodEvent } from '../../lib/why/podEvent';
import { runningTime } from '../../lib/snapshot/runningTime';
import { EXECUTOR_POD_STATES } from '../../lib/spark/podState';
import { backoffDelay } from '../kube/backoff';
import type { Logger } from '../log';
import type { Scheduler } from '../scheduling/scheduler';
import { podAppKey, type ChangeBatch, type PodVersion } from '../store/changeBatch';
import type { StoreSubscriber } from '../store/subscriberRunner';
import { databaseName, type HistoryDatabase, type SqlClient } from './historyDatabase';
import type { WriterLease } from './writerLease';

export interface HistoryWriterOptions {
  cluster: string;
  db: HistoryDatabase;
  intervalMs: number;
  /** An application's counts are sampled at most this often. */
  countsSampleMs: number;
  maxPendingPods: number;
  maxPendingLogEntries: number;
  scheduler: Scheduler;
  lease: WriterLease;
  /** The exit reason in words of a pod that ended (as the live view serves it), and a driver's log signature. */
  extrasOf(version: PodVersion): { exit: ExitText | null; signature: string | null };
  /** Everything the core holds now: written whole when this replica becomes the writer. */
  present(): Iterable<PodVersion>;
  /** The driver log entries held in memory for an application (written on takeover). */
  driverLogOf(namespace: string, appId: string): readonly DriverLogEntry[];
  /** The why kept beside a pod: its events and log tail (written when they change). */
  whyOf?(uid: string): { version: PodVersion | undefined; events: readonly PodEvent[]; logTail: LogTail | null };
  /** An application summary as the live views show it (with the operator application joined to it). */
  decorate?(summary: AppSummary): AppSummary;
  /**
   * False while writing should wait, and nothing is written (it waits in `pending`, times and
   * all): while the live view is still being built, so a first list of 100,000 pods is read and
   * shown with the CPU to itself and recorded right after, and while a new database is created.
   */
  mayWrite?(): boolean;
}

export interface HistoryWriterMetrics {
  failures: number;
  rowsWritten: number;
  droppedPods: number;
  droppedLogEntries: number;
  pendingPods: number;
  /** Transition observed → committed, of the last write (ms). */
  lastLagMs: number;
  lastError: string | null;
}

interface PendingPod {
  version: PodVersion;
  /** New transitions with their occurrence (the n-th time the pod entered that state). */
  transitions: [state: number, at: number, occurrence: number][];
  receivedAt: number;
}

interface AppState {
  namespace: string;
  appId: string;
  appName: string | null;
  pods: Map<string, PodRow>;
  peakRunning: number;
  /** Executors running now (kept as pods change). */
  running: number;
  /** When its core-hours were last summed from its stored pods (see CORE_HOURS_EVERY_MS). */
  coresAt: number;
  coresFinal: boolean;
  /** A pod changed since the last sum: one more is owed. */
  coresOwed: boolean;
  /**
   * The core forgot some of its pods (retention): what this process holds no longer describes
   * the whole application, so its summary and final state, written while it was whole, stand.
   */
  partial: boolean;
  lastSampleAt: number;
  lastSampled: string;
  /** When its summary was last written, and whether the next may not wait (its driver changed state). */
  summaryAt: number;
  urgent: boolean;
}

const CHUNK = 2000;
/**
 * Pods (and pods' events and log tails) one write carries at most; the rest wait for the next
 * run, a batch interval later. A first list of 100,000 pods is then twenty transactions of a
 * few MB instead of one of hundreds: the embedded database's memory (WebAssembly memory never
 * shrinks) and each pause of the main thread stay those of a small write.
 */
export const MAX_PODS_PER_WRITE = 5000;
/**
 * An application's core-hours are summed again from its stored pods at most this often, and
 * once more when it ends: between sums, its running pods' hours go on by the open-spell sums
 * (0002_core_hours.sql), so only a pod starting or stopping is seen late, by at most this much.
 */
export const CORE_HOURS_EVERY_MS = 30_000;
/** Operator applications without pods waiting to be written, at most (more: the newest changes wait for the next). */
const MAX_PENDING_OPERATOR_APPS = 10_000;
/** Forgotten applications' summaries waiting to be written, at most (see leftApps). */
const MAX_LEFT_APPS = 10_000;

/**
 * An application's summary row is written again at most this often while only its executors
 * change (its counts are sampled as often): under churn every application is touched every
 * second, and rewriting a thousand summaries a second was most of the database's work. A
 * change of its driver's state (started, ended) is written at the next run.
 */
export const APP_SUMMARY_EVERY_MS = 5000;
const STATE_COUNT = EXECUTOR_POD_STATES.length;

/** Which time the n-th occurrence of a state is: counted over the pod's whole recorded list. */
export function occurrences(tr: readonly Transition[], from: number): [number, number, number][] {
  const seen = new Array<number>(STATE_COUNT).fill(0);
  const out: [number, number, number][] = [];
  tr.forEach(([state, at], i) => {
    seen[state] = (seen[state] ?? 0) + 1;
    if (i >= from) out.push([state, at, seen[state]]);
  });
  return out;
}

export class HistoryWriter implements StoreSubscriber {
  readonly name = 'history writer';
  readonly intervalMs: number;
  readonly metrics: HistoryWriterMetrics = {
    failures: 0, rowsWritten: 0, droppedPods: 0, droppedLogEntries: 0, pendingPods: 0, lastLagMs: 0, lastError: null,
  };
  private pending = new Map<string, PendingPod>();
  /** Commit lags (oldest change in a write → its commit, ms) not yet taken by /metrics. */
  private lags: number[] = [];
  private pendingLog: { namespace: string; appId: string; entry: DriverLogEntry }[] = [];
  private readonly touchedApps = new Set<string>();
  /**
   * Pods whose events or log tail changed since the last write (bounded like `pending`), with
   * the mark's sequence number: a change that arrives while a write runs is marked anew and
   * kept for the next write, not cleared with the ones the write carried.
   */
  private readonly whyChanged = new Map<string, number>();
  private whySeq = 0;
  private readonly apps = new Map<string, AppState>();
  private readonly observedSince: number;
  private wasLeader = false;
  /** Increases with every pod written; kept only when the row is first inserted. */
  private seenOrder: number;
  private retryAt = 0;
  private failuresInARow = 0;
  /** Operator applications without pods, by key, waiting to be written (few: failed submissions, queued ones). */
  private readonly pendingOperatorApps = new Map<string, AppSummary>();
  /**
   * Applications the core began to forget (retention) while their summary was still to be
   * written, as they stood whole: without them an application that ended while the database
   * was away (or still being created) would have its pods in the record but no row in History.
   */
  private readonly leftApps = new Map<string, AppState>();

  readonly cluster: string;

  constructor(private readonly options: HistoryWriterOptions, private readonly log: Logger) {
    this.intervalMs = options.intervalMs;
    this.cluster = options.cluster;
    this.observedSince = options.scheduler.now();
    this.seenOrder = this.observedSince * 1000;
  }

  /** Healthy, or why not (for /readyz and the health banner). */
  problem(): string | null {
    const why = this.failuresInARow > 0 ? this.metrics.lastError : this.options.lease.problem();
    if (!why) return null;
    return `History is not being written (${databaseName(this.options.db.kind)}): ${why}; ${this.pending.size} pods wait to be written${this.metrics.droppedPods ? `, ${this.metrics.droppedPods} dropped` : ''}.`;
  }

  /** The commit lags since the last call (for the metrics summary). */
  takeLags(): number[] {
    const out = this.lags;
    this.lags = [];
    return out;
  }

  /** A pod's events or log tail changed: written at the next run. */
  whyChangedFor(uid: string): void {
    if (this.whyChanged.size >= this.options.maxPendingPods && !this.whyChanged.has(uid)) { this.metrics.droppedPods++; return; }
    this.whyChanged.set(uid, ++this.whySeq);
  }

  /**
   * An operator application without pods changed: its row is written at the next run, so an
   * application whose submission failed is in the record like any other (with its error).
   */
  operatorAppChanged(summary: AppSummary): void {
    if (this.pendingOperatorApps.size >= MAX_PENDING_OPERATOR_APPS && !this.pendingOperatorApps.has(summary.key)) return;
    this.pendingOperatorApps.set(summary.key, summary);
  }

  /**
   * A pod not yet written stays in the core past the retention: its exit, signature, events and
   * log tail are read from there when it is written (a database that came late, or was away).
   */
  holds(uid: string): boolean {
    return this.pending.has(uid);
  }

  /** The database is back: try at the next run instead of waiting out the backoff. */
  retrySoon(): void {
    this.retryAt = 0;
  }

  get isWriter(): boolean {
    return this.options.lease.held();
  }

  async onBatch(batch: ChangeBatch): Promise<void> {
    for (const c of batch.changes) this.fold(c.uid, c.before, c.after, c.transitions.length, c.driverLog, c.receivedAt);
    const lease = this.options.lease.state();
    if (lease === 'standby') {
      // Another replica writes; it holds all of this too.
      this.wasLeader = false;
      this.pending.clear();
      this.pendingLog = [];
      this.pendingOperatorApps.clear();
      this.leftApps.clear();
      this.touchedApps.clear();
      this.whyChanged.clear();
      this.metrics.pendingPods = 0;
      return;
    }
    if (lease === 'unknown') {
      // The database cannot be asked who writes: keep what waits (bounded) until it can.
      this.wasLeader = false;
      this.metrics.pendingPods = this.pending.size;
      return;
    }
    if (this.options.mayWrite?.() === false) {
      this.metrics.pendingPods = this.pending.size;
      return;
    }
    if (!this.wasLeader) {
      this.wasLeader = true;
      await this.takeOver();
    }
    const now = this.options.scheduler.now();
    this.metrics.pendingPods = this.pending.size;
    if (now < this.retryAt) return;
    try {
      await this.write(now);
      if (this.failuresInARow) this.log.info('history: writing again', { where: this.options.db.where });
      this.failuresInARow = 0;
    } catch (e) {
      this.failuresInARow++;
      this.metrics.failures++;
      this.metrics.lastError = (e as Error).message;
      // The sources' retry schedule (up to 30 s); what waits stays in `pending`.
      this.retryAt = now + backoffDelay(this.failuresInARow);
      if (this.failuresInARow === 1 || this.failuresInARow % 20 === 0) this.log.warn('history: write failed', { error: this.metrics.lastError, pendingPods: this.pending.size });
    }
    this.metrics.pendingPods = this.pending.size;
  }

  private fold(uid: string, before: PodVersion | null, after: PodVersion | null, newTransitions: number, driverLog: readonly DriverLogEntry[], receivedAt: number): void {
    if (before && (!after || before.namespace !== after.namespace || before.appId !== after.appId)) {
      const beforeKey = podAppKey(before);
      const app = this.apps.get(beforeKey);
      // Forgotten before its last changes were written (writes waited past the retention):
      // its summary as it stood whole is kept to be written.
      if (app && !after && !app.partial && this.touchedApps.has(beforeKey) && this.leftApps.size < MAX_LEFT_APPS) {
        this.leftApps.set(beforeKey, { ...app, pods: new Map(app.pods) });
      }
      if (app) app.running -= runningExecutor(app.pods.get(uid));
      app?.pods.delete(uid);
      if (app && !after) app.partial = true;
      if (app && app.pods.size === 0) this.apps.delete(beforeKey);
    }
    if (!after) return;
    const key = podAppKey(after);
    let app = this.apps.get(key);
    if (!app) this.apps.set(key, app = { namespace: after.namespace, appId: after.appId, appName: after.appName, pods: new Map(), peakRunning: 0, running: 0, coresAt: -Infinity, coresFinal: false, coresOwed: true, partial: false, lastSampleAt: 0, lastSampled: '', summaryAt: -Infinity, urgent: true });
    if (after.row.role === 'driver' && (before?.row.state !== after.row.state || before?.row.gone !== after.row.gone)) app.urgent = true;
    // Running executors counted as they change, so a peak between two summaries is not missed.
    app.running += runningExecutor(after.row) - runningExecutor(app.pods.get(uid));
    app.peakRunning = Math.max(app.peakRunning, app.running);
    app.pods.set(uid, after.row);
    app.coresOwed = true;
    if (after.appName) app.appName = after.appName;
    this.touchedApps.add(key);
    for (const entry of driverLog) {
      if (this.pendingLog.length >= this.options.maxPendingLogEntries) { this.metrics.droppedLogEntries++; continue; }
      this.pendingLog.push({ namespace: after.namespace, appId: after.appId, entry });
    }
    const tr = after.row.tr;
    const prev = this.pending.get(uid);
    if (!prev && this.pending.size >= this.options.maxPendingPods) { this.metrics.droppedPods++; return; }
    const fresh = occurrences(tr, Math.max(0, tr.length - newTransitions));
    this.pending.set(uid, { version: after, transitions: prev ? [...prev.transitions, ...fresh] : fresh, receivedAt: prev ? prev.receivedAt : receivedAt });
  }

  /** This replica just became the writer: everything it holds is written (idempotently). */
  private async takeOver(): Promise<void> {
    for (const v of this.options.present()) {
      this.pending.set(v.uid, { version: v, transitions: occurrences(v.row.tr, 0), receivedAt: this.options.scheduler.now() });
      this.touchedApps.add(podAppKey(v));
      this.whyChanged.set(v.uid, ++this.whySeq);
    }
    const latest = await this.options.db.query<{ namespace: string; app_id: string; at: number }>(
      'SELECT namespace, app_id, max(at) AS at FROM history_driver_log WHERE cluster = $1 GROUP BY namespace, app_id', [this.options.cluster],
    ).catch(() => []);
    const written = new Map(latest.map((r) => [`${r.namespace}/${r.app_id}`, r.at]));
    for (const app of this.apps.values()) {
      const after = written.get(podAppKey(app)) ?? -Infinity;
      for (const entry of this.options.driverLogOf(app.namespace, app.appId)) {
        if (entry.at > after) this.pendingLog.push({ namespace: app.namespace, appId: app.appId, entry });
      }
    }
    this.log.info('history: this process writes the history of the cluster', { cluster: this.options.cluster, pods: this.pending.size });
  }

  private async write(now: number): Promise<void> {
    const pods: PendingPod[] = [];
    for (const p of this.pending.values()) {
      if (pods.length >= MAX_PODS_PER_WRITE) break;
      pods.push(p);
    }
    const log = this.pendingLog;
    for (const k of this.touchedApps) if (this.apps.get(k)?.partial) this.touchedApps.delete(k);
    const apps = [...this.touchedApps].map((k) => this.apps.get(k)).filter((a): a is AppState => !!a && (a.urgent || now - a.summaryAt >= APP_SUMMARY_EVERY_MS));
    // One row per key and statement: a forgotten application whose id came back waits for the next run.
    const whole = new Set(apps.map(podAppKey));
    const left = [...this.leftApps].filter(([k]) => !whole.has(k));
    apps.push(...left.map(([, a]) => a));
    const summaries = apps.map((a) => {
      const plain = summarizeApp({ cluster: this.options.cluster, namespace: a.namespace, appId: a.appId, appName: a.appName }, a.pods.values());
      const summary = this.options.decorate ? this.options.decorate(plain) : plain;
      return { app: a, summary, counts: EXECUTOR_POD_STATES.map((s) => summary.counts[s]).join(',') };
    });
    const samples = summaries.filter(({ app, counts }) => counts !== app.lastSampled && now - app.lastSampleAt >= this.options.countsSampleMs);
    const extras = pods.map((p) => this.options.extrasOf(p.version));
    const { cluster } = this.options;
    const whyUids: string[] = [];
    for (const uid of this.whyChanged.keys()) {
      if (whyUids.length >= MAX_PODS_PER_WRITE) break;
      whyUids.push(uid);
    }
    const whyUpTo = this.whySeq;
    const why = this.options.whyOf ? whyUids.map((uid) => ({ uid, ...this.options.whyOf!(uid) })).filter((w) => w.version && (w.events.length || w.logTail)) : [];
    const events = why.flatMap((w) => w.events.map((e) => ({ uid: w.uid, v: w.version!, e })));
    const tails = why.filter((w) => w.logTail).map((w) => ({ uid: w.uid, v: w.version!, t: w.logTail! }));

    const operatorApps = [...this.pendingOperatorApps.values()];
    let rows = 0;
    await this.options.db.transaction(async (tx) => {
      if (operatorApps.length) rows += await this.writeOperatorApps(tx, operatorApps, now);
      for (let i = 0; i < pods.length; i += CHUNK) rows += await this.writePods(tx, pods.slice(i, i + CHUNK), extras.slice(i, i + CHUNK), now);
      const transitions = pods.flatMap((p) => p.transitions.map((t) => ({ uid: p.version.uid, namespace: p.version.namespace, appId: p.version.appId, t })));
      for (let i = 0; i < transitions.length; i += CHUNK) {
        const part = transitions.slice(i, i + CHUNK);
        await tx.query(`INSERT INTO history_transitions (cluster, uid, state, occurrence, at, namespace, app_id)
          SELECT $1, * FROM unnest($2::text[], $3::smallint[], $4::smallint[], $5::bigint[], $6::text[], $7::text[])
          ON CONFLICT DO NOTHING`, [cluster, part.map((x) => x.uid), part.map((x) => x.t[0]), part.map((x) => Math.min(x.t[2], 32767)), part.map((x) => x.t[1]), part.map((x) => x.namespace), part.map((x) => x.appId)]);
        rows += part.length;
      }
      for (let i = 0; i < log.length; i += CHUNK) {
        const part = log.slice(i, i + CHUNK);
        await tx.query(`INSERT INTO history_driver_log (cluster, namespace, app_id, at, pod_name, state, entry)
          SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::jsonb[])
          ON CONFLICT DO NOTHING`, [cluster, part.map((x) => x.namespace), part.map((x) => x.appId), part.map((x) => x.entry.at), part.map((x) => x.entry.podName), part.map((x) => x.entry.state), part.map((x) => JSON.stringify(x.entry))]);
        rows += part.length;
      }
      for (let i = 0; i < summaries.length; i += CHUNK) rows += await this.writeApps(tx, summaries.slice(i, i + CHUNK), now);
      if (samples.length) {
        await tx.query(`INSERT INTO history_counts (cluster, namespace, app_id, at, counts)
          SELECT $1, n, a, $4, string_to_array(c, ',')::integer[] FROM unnest($2::text[], $3::text[], $5::text[]) AS x(n, a, c)
          ON CONFLICT DO NOTHING`, [cluster, samples.map((s) => s.app.namespace), samples.map((s) => s.app.appId), now, samples.map((s) => s.counts)]);
        rows += samples.length;
      }
      for (let i = 0; i < events.length; i += CHUNK) {
        const part = events.slice(i, i + CHUNK);
        await tx.query(`INSERT INTO history_pod_events (cluster, uid, event_id, namespace, app_id, at, event)
          SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::json[])
          ON CONFLICT (cluster, uid, event_id) DO UPDATE SET at = EXCLUDED.at, event = EXCLUDED.event`,
        [cluster, part.map((x) => x.uid), part.map((x) => x.e.id), part.map((x) => x.v.namespace), part.map((x) => x.v.appId), part.map((x) => x.e.last), part.map((x) => JSON.stringify(x.e))]);
        rows += part.length;
      }
      if (tails.length) {
        await tx.query(`INSERT INTO history_log_tails (cluster, uid, namespace, app_id, at, tail)
          SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::json[])
          ON CONFLICT (cluster, uid) DO UPDATE SET at = EXCLUDED.at, tail = EXCLUDED.tail`,
        [cluster, tails.map((x) => x.uid), tails.map((x) => x.v.namespace), tails.map((x) => x.v.appId), tails.map((x) => x.t.at), tails.map((x) => JSON.stringify(x.t))]);
        rows += tails.length;
      }
      await tx.query(`INSERT INTO history_observations (cluster, started_at, last_seen) VALUES ($1, $2, $3)
        ON CONFLICT (cluster, started_at) DO UPDATE SET last_seen = EXCLUDED.last_seen`, [cluster, this.observedSince, now]);
    });

    // Committed: forget what was written. Nothing was added meanwhile: the subscriber runner
    // never calls onBatch while a run is still busy.
    for (const p of pods) this.pending.delete(p.version.uid);
    for (const a of operatorApps) if (this.pendingOperatorApps.get(a.key) === a) this.pendingOperatorApps.delete(a.key);
    this.pendingLog = [];
    for (const uid of whyUids) if ((this.whyChanged.get(uid) ?? Infinity) <= whyUpTo) this.whyChanged.delete(uid);
    for (const [k, a] of left) if (this.leftApps.get(k) === a) this.leftApps.delete(k);
    const sampled = new Set(samples.map((x) => x.app));
    for (const { app, counts } of summaries) {
      app.summaryAt = now;
      app.urgent = false;
      if (sampled.has(app)) {
        app.lastSampleAt = now;
        app.lastSampled = counts;
      }
      if (this.apps.get(podAppKey(app)) !== app) continue; // a forgotten one: written once, as it ended
      // An application with a sample or a core-hours sum still owed stays touched, so a later run does it.
      if (counts !== app.lastSampled || app.coresOwed) this.touchedApps.add(podAppKey(app));
      else this.touchedApps.delete(podAppKey(app));
    }
    const committed = this.options.scheduler.now();
    this.metrics.rowsWritten += rows;
    if (pods.length) {
      let oldest = Infinity;
      for (const p of pods) if (p.receivedAt < oldest) oldest = p.receivedAt;
      this.metrics.lastLagMs = committed - oldest;
      if (this.lags.length < 10_000) this.lags.push(this.metrics.lastLagMs);
    }
  }

  private async writePods(tx: SqlClient, pods: PendingPod[], extras: { exit: ExitText | null; signature: string | null }[], now: number): Promise<number> {
    const col = <T,>(f: (p: PendingPod, i: number) => T) => pods.map(f);
    const order = this.seenOrder;
    this.seenOrder += pods.length;
    const running = pods.map((p) => runningTime(p.version.row.tr));
    // A pod that left while its last state was running stopped running when it left.
    const openSince = (p: PendingPod, i: number) => (p.version.row.gone ? null : running[i].openSince);
    const closedMs = (p: PendingPod, i: number) => running[i].closedMs + (p.version.row.gone && running[i].openSince !== null
      ? Math.max(0, (p.version.row.deletedAt ?? p.version.row.since) - running[i].openSince!) : 0);
    await tx.query(`INSERT INTO history_pods (cluster, uid, namespace, app_id, name, role, created_at, gone_at, last_change, row, exit, signature, seen_order, cores, running_ms, running_since)
      SELECT $1, u, n, a, nm, r, c, g, $2, rw, e, sg, $13::bigint + o - 1, cr, rm, rs
      FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], $10::json[], $11::jsonb[], $12::text[], $14::float8[], $15::bigint[], $16::bigint[])
        WITH ORDINALITY AS x(u, n, a, nm, r, c, g, rw, e, sg, cr, rm, rs, o)
      ON CONFLICT (cluster, uid) DO UPDATE SET namespace = EXCLUDED.namespace, app_id = EXCLUDED.app_id, name = EXCLUDED.name, role = EXCLUDED.role,
        created_at = EXCLUDED.created_at, gone_at = EXCLUDED.gone_at, last_change = EXCLUDED.last_change, row = EXCLUDED.row,
        exit = COALESCE(EXCLUDED.exit, history_pods.exit), signature = COALESCE(EXCLUDED.signature, history_pods.signature),
        cores = COALESCE(EXCLUDED.cores, history_pods.cores), running_ms = EXCLUDED.running_ms, running_since = EXCLUDED.running_since
      WHERE history_pods.last_change <= EXCLUDED.last_change`, [
      this.options.cluster, now,
      col((p) => p.version.uid), col((p) => p.version.namespace), col((p) => p.version.appId), col((p) => p.version.row.name), col((p) => p.version.row.role),
      col((p) => p.version.row.createdAt), col((p) => (p.version.row.gone ? p.version.row.deletedAt ?? p.version.row.since : null)),
      col((p) => JSON.stringify(storedRow(p.version.row))), col((_p, i) => (extras[i].exit ? JSON.stringify(extras[i].exit) : null)), col((_p, i) => extras[i].signature), order,
      col((p) => p.version.cores), col(closedMs), col(openSince),
    ]);
    return pods.length;
  }

  private async writeOperatorApps(tx: SqlClient, apps: AppSummary[], now: number): Promise<number> {
    const col = <T,>(f: (s: AppSummary) => T) => apps.map(f);
    const ends = new Map(apps.map((s) => [s, operatorEnd(s)]));
    // Never over a row its pods wrote: once an attempt has pods, it is recorded under its Spark id.
    await tx.query(`INSERT INTO history_apps (cluster, namespace, app_id, app_name, summary, driver_state, final_state, started_at, ended_at, last_change, executors, peak_running)
      SELECT $1, n, a, an, s, NULL, fs, st, en, $2, 0, 0 FROM unnest($3::text[], $4::text[], $5::text[], $6::json[], $7::text[], $8::bigint[], $9::bigint[]) AS x(n, a, an, s, fs, st, en)
      ON CONFLICT (cluster, namespace, app_id) DO UPDATE SET summary = EXCLUDED.summary, final_state = EXCLUDED.final_state,
        ended_at = EXCLUDED.ended_at, last_change = EXCLUDED.last_change`, [
      this.options.cluster, now,
      col((s) => s.namespace), col((s) => s.appId), col((s) => s.appName), col((s) => JSON.stringify(s)),
      col((s) => ends.get(s)?.state ?? null), col((s) => s.createdAt), col((s) => ends.get(s)?.at ?? null),
    ]);
    return apps.length;
  }

  private async writeApps(tx: SqlClient, apps: { app: AppState; summary: AppSummary; counts: string }[], now: number): Promise<number> {
    const part = apps.map((x) => ({ ...x, end: finalState(x.summary, x.summary.driver ? x.app.pods.get(x.summary.driver.uid) : undefined) }));
    for (const { app, summary } of part) app.peakRunning = Math.max(app.peakRunning, summary.counts.running);
    const col = <T,>(f: (x: (typeof part)[number]) => T) => part.map(f);
    await tx.query(`INSERT INTO history_apps (cluster, namespace, app_id, app_name, summary, driver_state, final_state, started_at, ended_at, last_change, executors, peak_running)
      SELECT $1, n, a, an, s, ds, fs, st, en, $2, ex, pk FROM unnest($3::text[], $4::text[], $5::text[], $6::json[], $7::text[], $8::text[], $9::bigint[], $10::bigint[], $11::integer[], $12::integer[]) AS x(n, a, an, s, ds, fs, st, en, ex, pk)
      ON CONFLICT (cluster, namespace, app_id) DO UPDATE SET app_name = COALESCE(EXCLUDED.app_name, history_apps.app_name), summary = EXCLUDED.summary,
        driver_state = EXCLUDED.driver_state, final_state = EXCLUDED.final_state, started_at = LEAST(history_apps.started_at, EXCLUDED.started_at),
        ended_at = EXCLUDED.ended_at, last_change = EXCLUDED.last_change,
        executors = GREATEST(history_apps.executors, EXCLUDED.executors), peak_running = GREATEST(history_apps.peak_running, EXCLUDED.peak_running)`, [
      this.options.cluster, now,
      col((x) => x.app.namespace), col((x) => x.app.appId), col((x) => x.summary.appName), col((x) => JSON.stringify(x.summary)),
      col((x) => x.summary.driver?.state ?? null), col((x) => x.end?.state ?? null), col((x) => x.summary.createdAt),
      col((x) => x.end?.at ?? null), col((x) => x.summary.executors), col((x) => x.app.peakRunning),
    ]);
    // Core-hours from the pods as stored (those this process no longer holds included).
    const due = part.filter((x) => x.app.coresOwed && (now - x.app.coresAt >= CORE_HOURS_EVERY_MS || (x.end !== null) !== x.app.coresFinal));
    for (const x of due) { x.app.coresAt = now; x.app.coresFinal = x.end !== null; x.app.coresOwed = false; }
    if (!due.length) return part.length;
    await tx.query(`UPDATE history_apps h SET core_seconds = s.closed, open_cores = s.open_cores, open_core_since = s.open_since
      FROM (SELECT p.namespace, p.app_id, sum(p.cores * p.running_ms) / 1000.0 AS closed,
              coalesce(sum(p.cores) FILTER (WHERE p.running_since IS NOT NULL), 0) AS open_cores,
              coalesce(sum(p.cores * p.running_since) FILTER (WHERE p.running_since IS NOT NULL), 0) AS open_since
            FROM history_pods p JOIN unnest($2::text[], $3::text[]) AS t(n, a) ON p.namespace = t.n AND p.app_id = t.a
            WHERE p.cluster = $1 GROUP BY p.namespace, p.app_id) s
      WHERE h.cluster = $1 AND h.namespace = s.namespace AND h.app_id = s.app_id`, [this.options.cluster, due.map((x) => x.app.namespace), due.map((x) => x.app.appId)]);
    return part.length;
  }
}

/** How an operator application without pods ended, for History's state column (null while it may still run). */
function operatorEnd(summary: AppSummary): { state: 'succeeded' | 'failed'; at: number } | null {
  const phase = summary.operator?.phase;
  if (phase === 'completed') return { state: 'succeeded', at: summary.lastChangeAt };
  if (phase === 'failed' || phase === 'submission-failed') return { state: 'failed', at: summary.lastChangeAt };
  return null;
}

/** 1 for a running executor, else 0 (what an application's running count adds up). */
const runningExecutor = (r: PodRow | undefined): number => (r?.role === 'executor' && r.state === 'running' ? 1 : 0);

/** The row as stored: its slot in a scope means nothing outside that scope. */
function storedRow(row: PodRow): Omit<PodRow, 'k'> {
  const { k: _k, ...rest } = row;
  return rest;
}

/**
 * How an application ended and when: its driver's last final state, succeeded or failed,
 * even if the driver pod was deleted afterwards (a cleanup is not how the job ended); deleted
 * when the driver went without finishing, or the application has no pods left. Null while it runs.
 */
export function finalState(summary: AppSummary, driver: PodRow | undefined): { state: 'succeeded' | 'failed' | 'deleted'; at: number } | null {
  if (driver) {
    for (let i = driver.tr.length - 1; i >= 0; i--) {
      const state = stateOfCode(driver.tr[i][0]);
      if (state === 'succeeded' || state === 'failed') return { state, at: driver.tr[i][1] };
    }
    if (driver.state === 'deleted') return { state: 'deleted', at: driver.since };
    return null;
  }
  return summary.present === 0 ? { state: 'deleted', at: summary.lastChangeAt } : null;
}
