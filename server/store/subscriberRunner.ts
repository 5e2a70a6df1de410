// Runs one subscriber of the store core on its own schedule, as Spark's store runs each
// subscriber: batches queue up between runs and are delivered together, at most one run at a
// time, in order. A subscriber that throws loses that batch (logged, counted) and keeps its
// subscription; one that is still busy (an async run that has not settled) is skipped, and
// its batches are merged meanwhile, so a slow or stuck subscriber costs only itself and holds
// memory bounded by the number of pods, never by the number of events.

import type { Logger } from '../log';
import type { Cancel, Scheduler } from '../scheduling/scheduler';
import { mergeBatches, type ChangeBatch } from './changeBatch';

export interface StoreSubscriber {
  /** For logs and metrics. */
  readonly name: string;
  /** How often it runs (Spark's processBatchIntervalMillis). */
  readonly intervalMs: number;
  /** Its output is what /readyz promises: it must have seen a full listing before the dashboard says ready. */
  readonly gatesReadiness?: boolean;
  /** Everything since its last run, as one batch (empty when nothing changed). */
  onBatch(batch: ChangeBatch): void | Promise<void>;
  /**
   * A departed pod it still needs the core's record of (history not yet written, which reads
   * the pod's exit and why from the core): kept past the retention until it lets go, never
   * past the departed-per-application bound.
   */
  holds?(uid: string): boolean;
}

export interface SubscriberMetrics {
  runs: number;
  failures: number;
  skippedWhileBusy: number;
  lastRunMs: number;
  queuedBatches: number;
}

/** Beyond this many queued batches they are merged into one (bounded memory for a subscriber that fell behind). */
const MERGE_AT = 32;
/** A run still busy after this long is reported (once per stretch). */
const STUCK_AFTER_MS = 30_000;

export class SubscriberRunner {
  readonly metrics: SubscriberMetrics = { runs: 0, failures: 0, skippedWhileBusy: 0, lastRunMs: 0, queuedBatches: 0 };
  /** The last batch seq it has finished processing. */
  processedSeq = 0;
  private queue: ChangeBatch[] = [];
  private lastSeq = 0;
  private busySince: number | null = null;
  private reportedStuck = false;
  private cancelTimer: Cancel | null = null;
  private stopped = false;

  constructor(readonly subscriber: StoreSubscriber, private readonly scheduler: Scheduler, private readonly log: Logger) {}

  start(): void {
    if (this.cancelTimer || this.stopped) return;
    this.cancelTimer = this.scheduler.every(this.subscriber.intervalMs, () => this.run());
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.queue = [];
  }

  enqueue(batch: ChangeBatch): void {
    if (this.stopped) return;
    this.queue.push(batch);
    this.lastSeq = batch.seq;
    if (this.queue.length > MERGE_AT) this.queue = [mergeBatches(this.queue)];
    this.metrics.queuedBatches = this.queue.length;
  }

  /** Run as soon as possible, without waiting for the interval (Spark's notifySubscribers). */
  notify(): void {
    if (!this.stopped) this.scheduler.after(0, () => this.run());
  }

  /** Whether the run that settles `seq` has finished. */
  hasProcessed(seq: number): boolean {
    return this.processedSeq >= seq;
  }

  get busy(): boolean {
    return this.busySince !== null;
  }

  run(): void {
    if (this.stopped) return;
    const now = this.scheduler.now();
    if (this.busySince !== null) {
      this.metrics.skippedWhileBusy++;
      if (!this.reportedStuck && now - this.busySince > STUCK_AFTER_MS) {
        this.reportedStuck = true;
        this.log.warn(`store subscriber ${this.subscriber.name} has been busy for ${Math.round((now - this.busySince) / 1000)} s; its batches are merged meanwhile`);
      }
      return;
    }
    const batch = this.queue.length ? mergeBatches(this.queue) : { seq: this.lastSeq, at: now, changes: [], listings: [], reset: null };
    this.queue = [];
    this.metrics.queuedBatches = 0;
    this.busySince = now;
    let result: void | Promise<void>;
    try {
      result = this.subscriber.onBatch(batch);
    } catch (e) {
      this.settle(batch, now, e);
      return;
    }
    if (result && typeof (result as Promise<void>).then === 'function') {
      (result as Promise<void>).then(() => this.settle(batch, now, null), (e: unknown) => this.settle(batch, now, e ?? new Error('rejected')));
    } else {
      this.settle(batch, now, null);
    }
  }

  private settle(batch: ChangeBatch, startedAt: number, error: unknown): void {
    this.busySince = null;
    this.reportedStuck = false;
    this.processedSeq = Math.max(this.processedSeq, batch.seq);
    this.metrics.runs++;
    this.metrics.lastRunMs = this.scheduler.now() - startedAt;
    if (error === null) return;
    this.metrics.failures++;
    // As in Spark, the batch is lost to this subscriber; it keeps its subscription.
    this.log.once('error', `subscriber-failed:${this.subscriber.name}:${String(error)}`, `store subscriber ${this.subscriber.name} failed; it keeps its subscription`, {
      error: error instanceof Error ? error.stack ?? error.message : String(error), seq: batch.seq,
    });
  }
}
