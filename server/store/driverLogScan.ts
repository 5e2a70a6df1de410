// Executors the API refused, read from running drivers' logs. A refused executor never exists
// as a pod, so no watch sees it; Spark's allocator logs each refusal (sparkLog.ts reads them).
// For applications where it matters — a quota or limit range in the namespace, executors
// pending or none for a while — and for any whose why is asked for, the last lines of the
// driver's Spark container are read (pods/log, bounded lines and bytes), at most once a minute
// per application, two at a time, a short queue that drops what does not fit. A 403 is
// remembered for the namespace (pods/log is opt-in) and said once; other failures are kept as
// the application's error and tried again a minute later.

import pLimit from 'p-limit';
import type { DriverLogRefusals } from '../../lib/apiTypes';
import type { AppSummary } from '../../lib/snapshot/appSummary';
import { readSparkLog } from '../../lib/why/sparkLog';
import { KubeApiError, type KubeTransport } from '../kube/kubeTransport';
import { podLogPath, podLogsForbidden } from '../kube/podLog';
import type { Logger } from '../log';
import type { Cancel, Scheduler } from '../scheduling/scheduler';

export interface DriverLogScanOptions {
  transport: KubeTransport;
  scheduler: Scheduler;
  driverContainerName: string;
  /** The applications of the cluster, as the overview has them. */
  applications: () => readonly AppSummary[];
  /** Whether a ResourceQuota or LimitRange governs the namespace. */
  constrained: (namespace: string) => boolean;
  sweepMs?: number;
  minGapMs?: number;
  tailLines?: number;
  limitBytes?: number;
}

const SWEEP_MS = 15_000;
const MIN_GAP_MS = 60_000;
/** Executors pending (or none at all) this long under a running driver make its log worth a look. */
const STARVED_MS = 60_000;
const FORBIDDEN_BACKOFF_MS = 10 * 60_000;
const MAX_QUEUED = 50;
const MAX_APPS = 2000;

/** Whether a running driver's log is worth reading for refused executors. */
export function worthReading(app: AppSummary, constrained: boolean, now: number): boolean {
  const d = app.driver;
  if (!d || d.state !== 'running' || d.gone) return false;
  if (constrained) return true;
  const c = app.counts;
  if (c.pending > c.running && app.oldestPendingSince !== null && now - app.oldestPendingSince >= STARVED_MS) return true;
  return app.executors === 0 && now - d.since >= STARVED_MS;
}

export class DriverLogScan {
  /** By `namespace/appId`; Map order = oldest written first. */
  private readonly findings = new Map<string, DriverLogRefusals>();
  private readonly lastRead = new Map<string, number>();
  private readonly forbiddenUntil = new Map<string, number>();
  private readonly limit = pLimit(2);
  private queued = 0;
  private sweep: Cancel | null = null;
  private readonly listeners = new Set<(namespace: string, appId: string) => void>();
  /** Set after a 403: the dashboard may not read pod logs (cleared by a success). */
  forbidden: string | null = null;
  readonly metrics = { read: 0, failed: 0, dropped: 0 };

  constructor(private readonly options: DriverLogScanOptions, private readonly log: Logger) {}

  start(): void {
    this.sweep ??= this.options.scheduler.every(this.options.sweepMs ?? SWEEP_MS, () => this.sweepOnce());
  }

  stop(): void {
    this.sweep?.();
    this.sweep = null;
  }

  /** Called with the application whenever what its driver logged changed. */
  onChange(listener: (namespace: string, appId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What the application's driver logged about refused executors, when its log was read. */
  get(namespace: string, appId: string): DriverLogRefusals | null {
    return this.findings.get(`${namespace}/${appId}`) ?? null;
  }

  /** The application's why was asked for: its running driver's log is read unless it was within the last minute. */
  request(namespace: string, appId: string, driver: { name: string; running: boolean }): void {
    if (driver.running) this.enqueue(namespace, appId, driver.name);
  }

  sweepOnce(): void {
    const now = this.options.scheduler.now();
    for (const app of this.options.applications()) {
      if (app.driver && worthReading(app, this.options.constrained(app.namespace), now)) this.enqueue(app.namespace, app.appId, app.driver.name);
    }
  }

  private enqueue(namespace: string, appId: string, driverName: string): void {
    const key = `${namespace}/${appId}`;
    const now = this.options.scheduler.now();
    if (now - (this.lastRead.get(key) ?? -Infinity) < (this.options.minGapMs ?? MIN_GAP_MS)) return;
    if (now < (this.forbiddenUntil.get(namespace) ?? 0)) return;
    if (this.queued >= MAX_QUEUED) { this.metrics.dropped++; return; }
    this.lastRead.set(key, now);
    while (this.lastRead.size > MAX_APPS) this.lastRead.delete(this.lastRead.keys().next().value!);
    this.queued++;
    void this.limit(() => this.read(namespace, appId, driverName)).finally(() => { this.queued--; });
  }

  private async read(namespace: string, appId: string, driverName: string): Promise<void> {
    const path = podLogPath(namespace, driverName);
    const query = { container: this.options.driverContainerName, tailLines: this.options.tailLines ?? 400, limitBytes: this.options.limitBytes ?? 256 * 1024 };
    const at = this.options.scheduler.now();
    let found: DriverLogRefusals;
    try {
      const text = await this.options.transport.getText(path, query, 15_000);
      this.forbidden = null;
      this.metrics.read++;
      found = { at, driver: driverName, failures: readSparkLog(text).executorRequests.reverse(), error: null };
    } catch (e) {
      this.metrics.failed++;
      const err = e instanceof KubeApiError ? e : null;
      if (err?.status === 403) {
        this.forbidden = podLogsForbidden(namespace, err.message);
        this.forbiddenUntil.set(namespace, at + FORBIDDEN_BACKOFF_MS);
        this.log.once('warn', `driver-logs-forbidden:${namespace}`, "pod logs are not readable; executors refused by the API are not read from drivers' logs there", { namespace, error: err.message });
      }
      found = { at, driver: driverName, failures: [], error: err?.status === 403 ? this.forbidden : `The driver's log could not be read: ${(e as Error).message}` };
    }
    this.keep(namespace, appId, found);
  }

  private keep(namespace: string, appId: string, found: DriverLogRefusals): void {
    const key = `${namespace}/${appId}`;
    const before = this.findings.get(key);
    this.findings.delete(key);
    this.findings.set(key, found);
    while (this.findings.size > MAX_APPS) this.findings.delete(this.findings.keys().next().value!);
    // What the page shows changed only if the refusals or the error did (not the time read).
    const same = (a: DriverLogRefusals | undefined, b: DriverLogRefusals) => !!a && a.error === b.error && a.driver === b.driver
      && JSON.stringify(a.failures.map((f) => f.text)) === JSON.stringify(b.failures.map((f) => f.text));
    if (!same(before, found)) for (const l of this.listeners) l(namespace, appId);
  }
}
