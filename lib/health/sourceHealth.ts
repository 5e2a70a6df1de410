// Health of the dashboard's Kubernetes sources, and the verdict /readyz and the UI share.
// A dashboard that silently stops updating is the worst failure, so every way a source
// can go wrong becomes a sentence a person can act on.

export type SourceKind = 'watch' | 'poll';
export type SourceState = 'starting' | 'healthy' | 'retrying' | 'stopped';

export interface SourceError {
  message: string;
  /** HTTP status from the API server, when there was one. */
  status: number | null;
  at: number;
}

export interface SourceHealth {
  name: string;
  kind: SourceKind;
  /** What the source follows, as people call it: "Pod", "PVC". */
  resource: string;
  /** The same as the API names it, for permission hints: "pods", "persistentvolumeclaims". */
  plural: string;
  /** Namespace the source covers, or '*' for all namespaces. */
  namespace: string;
  state: SourceState;
  /** A full list has been applied at least once (the watch's initial list or a poll). */
  synced: boolean;
  lastEventAt: number | null;
  lastSyncAt: number | null;
  lastError: SourceError | null;
  /** Consecutive failures since the last success. */
  failures: number;
  nextRetryAt: number | null;
  restarts: number;
  relists: number;
  malformed: number;
}

export interface HealthVerdict {
  ready: boolean;
  /** Data may be out of date: a source is failing or has not synced. */
  stale: boolean;
  staleSince: number | null;
  problems: string[];
}

export interface HealthReport extends HealthVerdict {
  at: number;
  sources: SourceHealth[];
  /** Sources the dashboard works without (claims): shown, never counted against readiness. */
  optional?: SourceHealth[];
}

const coverage = (s: SourceHealth) => (s.namespace === '*' ? 'all namespaces' : `namespace ${s.namespace}`);

function describeError(s: SourceHealth): string {
  const e = s.lastError!;
  const where = coverage(s);
  const what = `${s.resource} ${s.kind}`;
  const code = e.status ? ` (HTTP ${e.status})` : '';
  const hint = e.status === 403 ? ` The dashboard lacks permission: grant get, list and watch on ${s.plural}.`
    : e.status === 401 ? ' The credentials were rejected: check the kubeconfig or service account token.' : '';
  return `${what} for ${where} is failing${code}: ${e.message}.${hint}`;
}

export function assessHealth(sources: readonly SourceHealth[], now: number, pollIntervalMs: number): HealthVerdict {
  const problems: string[] = [];
  let staleSince: number | null = null;
  const markStale = (since: number | null) => {
    const t = since ?? now;
    staleSince = staleSince === null ? t : Math.min(staleSince, t);
  };
  for (const s of sources) {
    if (s.state === 'retrying' && s.lastError) {
      problems.push(describeError(s));
      markStale(s.lastError.at - 0);
    } else if (s.kind === 'watch' && !s.synced && s.state !== 'stopped') {
      // Polls run first after one interval, as Spark's do; only the watch's initial list gates readiness.
      problems.push(`${s.resource} ${s.kind} for ${coverage(s)} has not completed its first list yet.`);
      markStale(null);
    }
    if (s.kind === 'poll' && s.lastSyncAt !== null && now - s.lastSyncAt > 3 * pollIntervalMs) {
      problems.push(`The last successful full list was ${Math.round((now - s.lastSyncAt) / 1000)} s ago (poll interval ${Math.round(pollIntervalMs / 1000)} s).`);
      markStale(s.lastSyncAt + pollIntervalMs);
    }
  }
  const anySynced = sources.some((s) => s.synced);
  return { ready: anySynced && problems.length === 0, stale: problems.length > 0, staleSince, problems };
}
