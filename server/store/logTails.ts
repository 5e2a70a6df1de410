// The last lines of a Spark container's log, fetched once when its driver or executor ends
// failed (OOM-killed and evicted included), and kept with the executor so they outlive the pod
// (the kubelet's log goes with it). A store subscriber: it sees the transition to failed in the
// change batch and asks the API for `tailLines` lines, at most `limitBytes`, of the Spark
// container — of the previous run when the container restarted. Bounded: a few fetches at a
// time, a queue that drops the oldest requests when a burst of failures exceeds it, and at most
// `maxBytes` of tails held, the oldest forgotten first; a pod the core forgets takes its tail
// with it. Reading logs needs `get pods/log`: a 403 is remembered and said, once.

import pLimit from 'p-limit';
import type { LogTail } from '../../lib/apiTypes';
import { readSparkLog } from '../../lib/why/sparkLog';
import type { KubeTransport } from '../kube/kubeTransport';
import { podLogPath, podLogsForbidden } from '../kube/podLog';
import { KubeApiError } from '../kube/kubeTransport';
import type { Logger } from '../log';
import type { ChangeBatch } from './changeBatch';
import type { StoreSubscriber } from './subscriberRunner';

export interface LogTailOptions {
  intervalMs: number;
  transport: KubeTransport;
  containerNames: { executor: string; driver: string };
  now: () => number;
  tailLines?: number;
  limitBytes?: number;
  maxBytes?: number;
}

const TAIL_LINES = 200;
const LIMIT_BYTES = 64 * 1024;
const MAX_BYTES = 32 * 1024 * 1024;
const MAX_QUEUED = 200;

export class LogTails implements StoreSubscriber {
  readonly name = 'log tails';
  readonly intervalMs: number;
  /** By pod uid; Map order = oldest fetched first. */
  private readonly tails = new Map<string, LogTail>();
  private bytes = 0;
  private readonly limit = pLimit(3);
  private queued = 0;
  /** Set after a 403: logs are not readable with the dashboard's identity (cleared by a success). */
  forbidden: string | null = null;
  readonly metrics = { fetched: 0, failed: 0, skipped: 0 };
  private readonly listeners = new Set<(uid: string) => void>();

  /** Called with the pod's uid whenever a tail is kept (the history writer records it). */
  onChange(listener: (uid: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tails taken back from the record after a restart (not announced: the record has them). */
  restore(uid: string, tail: LogTail): void {
    if (!this.tails.has(uid)) this.keep(uid, tail, false);
  }

  constructor(private readonly options: LogTailOptions, private readonly log: Logger) {
    this.intervalMs = options.intervalMs;
  }

  onBatch(batch: ChangeBatch): void {
    for (const c of batch.changes) {
      if (!c.after) { this.forget(c.uid); continue; }
      const row = c.after.row;
      const failedNow = row.state === 'failed' && c.before?.row.state !== 'failed' && !row.gone;
      if (!failedNow || row.role === 'other' || this.tails.has(c.uid)) continue;
      if (this.queued >= MAX_QUEUED) { this.metrics.skipped++; continue; }
      this.queued++;
      void this.limit(() => this.fetch(c.uid, c.after!.namespace, row.name, row.role === 'driver' ? this.options.containerNames.driver : this.options.containerNames.executor, row.restarts > 0))
        .finally(() => { this.queued--; });
    }
  }

  get(uid: string): LogTail | null {
    return this.tails.get(uid) ?? null;
  }

  get size(): { tails: number; bytes: number } {
    return { tails: this.tails.size, bytes: this.bytes };
  }

  private forget(uid: string): void {
    const t = this.tails.get(uid);
    if (!t) return;
    this.tails.delete(uid);
    this.bytes -= t.text.length;
  }

  private keep(uid: string, tail: LogTail, announce = true): void {
    this.forget(uid);
    this.tails.set(uid, tail);
    this.bytes += tail.text.length;
    for (const [k, t] of this.tails) {
      if (this.bytes <= (this.options.maxBytes ?? MAX_BYTES)) break;
      this.tails.delete(k);
      this.bytes -= t.text.length;
    }
    if (announce && this.tails.has(uid)) for (const l of this.listeners) l(uid);
  }

  private async fetch(uid: string, namespace: string, name: string, container: string, restarted: boolean): Promise<void> {
    const path = podLogPath(namespace, name);
    const query = { container, tailLines: this.options.tailLines ?? TAIL_LINES, limitBytes: this.options.limitBytes ?? LIMIT_BYTES };
    const at = this.options.now();
    try {
      let text: string;
      try {
        text = await this.options.transport.getText(path, query, 15_000);
      } catch (e) {
        // A container that restarted and is waiting again: its last run's log is the one that failed.
        if (!restarted || !(e instanceof KubeApiError) || e.status !== 400) throw e;
        text = await this.options.transport.getText(path, { ...query, previous: 'true' }, 15_000);
      }
      this.forbidden = null;
      this.metrics.fetched++;
      const reading = readSparkLog(text);
      this.keep(uid, { container, at, text, truncated: Buffer.byteLength(text) >= query.limitBytes, exception: reading.exception, executorRequests: reading.executorRequests, error: null });
    } catch (e) {
      this.metrics.failed++;
      const err = e instanceof KubeApiError ? e : null;
      if (err?.status === 403) {
        this.forbidden = podLogsForbidden(namespace, err.message);
        this.log.once('warn', `logs-forbidden:${namespace}`, 'pod logs are not readable; log tails are off there', { namespace, error: err.message });
      }
      this.keep(uid, { container, at, text: '', truncated: false, exception: null, executorRequests: [], error: err?.status === 403 ? this.forbidden : `The log could not be read: ${(e as Error).message}` });
    }
  }
}
