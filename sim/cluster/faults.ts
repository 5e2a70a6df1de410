// Faults a test can inject into the embedded cluster, as a typed object (never an HTTP
// endpoint, so nothing the workload or dashboard can reach by accident): failing requests,
// an outage on the same port, malformed watch lines, cut watches, forgotten history, latency.

import { failure, forbidden, internalError, serviceUnavailable, type ApiError } from './apiErrors';
import type { StoreBackup } from './objectStore';
import type { RequestInfo } from './requestInfo';

export interface FaultMatch {
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection. */
  verb?: string;
  /** Resource name, e.g. "pods" (subresources match by their parent resource). */
  resource?: string;
  /** true: only watch requests; false: never watch requests. */
  watch?: boolean;
}

export type InjectedStatus = 403 | 500 | 503;

export interface Faults {
  /** The next `count` (default 1) requests matching `match` fail with `status` and a real-looking Status body. */
  failNext(match: FaultMatch, status: InjectedStatus, count?: number): void;
  /** true: refuse new connections and cut every open one (watches included); false: listen again on the same port. */
  setDown(down: boolean): Promise<void>;
  /** Writes `text` plus a newline into every open pod watch. */
  injectMalformedWatchLine(text: string): void;
  /** Ends every open watch cleanly (as a server-side timeout would). */
  closeAllWatches(): void;
  /** Forgets the watch history: resuming from any earlier resourceVersion gets 410 Expired. */
  compactHistory(): void;
  /** An etcd backup of every object as it is now. */
  backupState(): StoreBackup;
  /**
   * Restores a backup, as an operator restoring etcd would: the cluster's state and its
   * resourceVersions go back in time, and every connection is cut (the API server restarts).
   */
  restoreState(backup: StoreBackup): void;
  /** Delays every request by `ms` (0 turns it off). */
  slow(ms: number): void;
  /** Clears pending failures and latency. */
  reset(): void;
}

interface PendingFailure {
  match: FaultMatch;
  status: InjectedStatus;
  remaining: number;
}

/** The part of Faults that sits on the request path: consulted once per request. */
export class FaultInjector {
  private failures: PendingFailure[] = [];
  delayMs = 0;

  add(match: FaultMatch, status: InjectedStatus, count: number): void {
    this.failures.push({ match, status, remaining: Math.max(1, count) });
  }

  clear(): void {
    this.failures = [];
    this.delayMs = 0;
  }

  /** Returns the error to answer with, consuming one use of the first matching failure. */
  take(info: RequestInfo, user: string): ApiError | null {
    const isWatch = info.verb === 'watch';
    const at = this.failures.findIndex(({ match: m }) =>
      (m.verb === undefined || m.verb === info.verb) && (m.resource === undefined || m.resource === info.resource) && (m.watch === undefined || m.watch === isWatch),
    );
    if (at < 0) return null;
    const f = this.failures[at]!;
    if (--f.remaining <= 0) this.failures.splice(at, 1);
    if (f.status === 403) return forbidden(user, info);
    if (f.status === 503) return serviceUnavailable();
    if (f.status === 500) return internalError('injected fault');
    return failure(f.status, undefined, 'injected fault');
  }
}
