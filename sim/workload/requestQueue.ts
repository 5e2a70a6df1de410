// A small FIFO in front of the Kubernetes API: at most `maxConcurrent` requests in flight,
// so a scale-10 run does not open thousands of sockets, plus the error classes the actors
// act on and counters for stats(). The queue never retries: each caller knows whether a
// 404 means "forget it" or a 409 means "refetch", and decides.

import type { KubeTransport, Query } from '../../server/kube/kubeTransport';

export type RequestApi = Pick<KubeTransport, 'requestJson'>;

/** The patch type every workload write uses (RFC 7386 JSON merge patch). */
export const MERGE_PATCH = 'application/merge-patch+json';

export type ErrorClass = 'conflict' | 'notFound' | 'forbidden' | 'invalid' | 'unsupported' | 'unavailable' | 'skipped' | 'other';

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  contentType?: string;
  /** Checked when the request leaves the queue: true drops it (e.g. its pod is gone meanwhile). */
  unless?: () => boolean;
}

/** A queued request dropped by its `unless` before it was sent. */
export class SkippedRequestError extends Error {
  constructor(method: string, path: string) {
    super(`${method} ${path} was dropped before it was sent: it no longer applies`);
    this.name = 'SkippedRequestError';
  }
}

export interface RequestQueueStats {
  requests: number;
  /** Dropped by their `unless` before being sent; not errors. */
  skipped: number;
  inFlight: number;
  queued: number;
  errors: number;
  errorsByClass: Record<Exclude<ErrorClass, 'skipped'>, number>;
}

export interface RequestQueue {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void>;
  stats(): RequestQueueStats;
}

/** What an error from `requestJson` means to an actor. Network errors have no status. */
export function classifyError(e: unknown): ErrorClass {
  if (e instanceof SkippedRequestError) return 'skipped';
  const status = typeof (e as { status?: unknown })?.status === 'number' ? (e as { status: number }).status : null;
  if (status === null) return 'unavailable';
  if (status === 409) return 'conflict';
  if (status === 404 || status === 410) return 'notFound';
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 400 || status === 422) return 'invalid';
  if (status === 405 || status === 415 || status === 501) return 'unsupported';
  if (status === 429 || status >= 500) return 'unavailable';
  return 'other';
}

/** The error's Status names this object (a 404 for a missing route has empty details). */
export function statusNames(e: unknown, name: string): boolean {
  return (e as { body?: { details?: { name?: string } } | null })?.body?.details?.name === name;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function createRequestQueue(api: RequestApi, maxConcurrent: number): RequestQueue {
  const limit = Math.max(1, Math.floor(maxConcurrent));
  const waiting: (() => void)[] = [];
  let idleWaiters: (() => void)[] = [];
  let inFlight = 0;
  const counters = { requests: 0, skipped: 0, errors: 0 };
  const errorsByClass: Record<Exclude<ErrorClass, 'skipped'>, number> = { conflict: 0, notFound: 0, forbidden: 0, invalid: 0, unsupported: 0, unavailable: 0, other: 0 };

  const release = () => {
    inFlight--;
    const next = waiting.shift();
    if (next) next();
    else if (inFlight === 0) {
      const ws = idleWaiters;
      idleWaiters = [];
      for (const w of ws) w();
    }
  };

  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    if (inFlight >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight++;
    try {
      if (options.unless?.()) {
        counters.skipped++;
        throw new SkippedRequestError(method, path);
      }
      counters.requests++;
      const { unless: _unless, ...sent } = options;
      return await api.requestJson<T>(method, path, sent);
    } catch (e) {
      const cls = classifyError(e);
      if (cls !== 'skipped') {
        counters.errors++;
        errorsByClass[cls]++;
      }
      throw e;
    } finally {
      release();
    }
  }

  return {
    request,
    idle: () => (inFlight === 0 && waiting.length === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    stats: () => ({ ...counters, inFlight, queued: waiting.length, errorsByClass: { ...errorsByClass } }),
  };
}
