// What the JSON API may ask of the history database at once. Every page of a recorded
// application asks for its record several times (summary, executors, driver, counts), a
// record of a 10,000-executor application is 10,000 rows, and a client that repeats such
// requests must not queue unbounded work on the database or hold the writer back. So: a few
// reads at a time, a bounded queue beyond which a read is refused (503, try again), and each
// application's record read once for all who ask within a few seconds.

import { LRUCache } from 'lru-cache';
import pLimit from 'p-limit';
import type { HistoryApp } from '../../lib/apiTypes';
import type { CountSample } from '../../lib/series/countSeries';
import { HttpError } from '../http/httpError';
import type { AppRecord, HistoryReader, SearchQuery } from './historyReader';

export interface ReadGateOptions {
  /** Reads running at once (the pool has 4 connections; the writer needs one). */
  concurrency: number;
  /** Reads waiting beyond that; more are refused. */
  maxQueued: number;
  /** How long one application's record is reused. */
  recordTtlMs: number;
  maxRecords: number;
}

export const DEFAULT_READ_GATE: ReadGateOptions = { concurrency: 3, maxQueued: 48, recordTtlMs: 5000, maxRecords: 32 };

export class HistoryBusyError extends HttpError {
  constructor(queued: number) {
    super(503, `History is answering ${queued} other requests; try again in a moment.`, { queued });
  }
}

/** The reads the JSON API makes, gated; the same shape as HistoryReader's. */
export type GatedReads = Pick<HistoryReader, 'searchApps' | 'appRecord' | 'observations' | 'counts' | 'podByName'>;

export class HistoryReadGate implements GatedReads {
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly records: LRUCache<string, Promise<AppRecord | null>>;
  readonly metrics = { refused: 0, recordHits: 0 };

  constructor(private readonly reader: () => HistoryReader, private readonly options: ReadGateOptions = DEFAULT_READ_GATE) {
    this.limit = pLimit(options.concurrency);
    this.records = new LRUCache({ max: options.maxRecords, ttl: options.recordTtlMs });
  }

  /** Reads accepted and not yet finished (running or queued). */
  private outstanding = 0;

  private run<T>(fn: (r: HistoryReader) => Promise<T>): Promise<T> {
    if (this.outstanding >= this.options.concurrency + this.options.maxQueued) {
      this.metrics.refused++;
      return Promise.reject(new HistoryBusyError(this.outstanding));
    }
    this.outstanding++;
    return this.limit(() => fn(this.reader())).finally(() => { this.outstanding--; });
  }

  searchApps(q: SearchQuery, now?: number): Promise<{ total: number; apps: HistoryApp[] }> {
    return this.run((r) => r.searchApps(q, now));
  }

  appRecord(cluster: string, namespace: string, appId: string): Promise<AppRecord | null> {
    const key = JSON.stringify([cluster, namespace, appId]);
    const cached = this.records.get(key);
    if (cached) {
      this.metrics.recordHits++;
      return cached;
    }
    const read = this.run((r) => r.appRecord(cluster, namespace, appId));
    this.records.set(key, read);
    // A failed read is not kept: the next request tries again.
    read.catch(() => { if (this.records.get(key) === read) this.records.delete(key); });
    return read;
  }

  podByName(cluster: string, namespace: string, name: string): ReturnType<HistoryReader['podByName']> {
    return this.run((r) => r.podByName(cluster, namespace, name));
  }

  observations(cluster: string, from: number, to: number): Promise<[number, number][]> {
    return this.run((r) => r.observations(cluster, from, to));
  }

  counts(cluster: string, namespace: string, appId: string, from: number, to: number, points: number): Promise<CountSample[]> {
    return this.run((r) => r.counts(cluster, namespace, appId, from, to, points));
  }
}
