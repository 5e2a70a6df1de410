// Health of the dashboard's Kubernetes sources, and the verdict /readyz and the UI share.
// A dashboard that silently stops updating is the worst failure, so every way a source
// can go wrong becomes a sentence a person can act on.

/** A pod or claim watch, the periodic full list, or the probe that asks the API server whether it is alive. */
export type SourceKind = 'watch' | 'poll' | 'probe';
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
  /**
   * When the current run of failures began (null while healthy). Unlike lastError.at it does
   * not move with every retry, so "stale since" stays put for the whole outage.
   */
  failingSince: number | null;
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

/**
 * The cluster's state went back in time: an API answer older than what was already applied
 * (an etcd restore, or a cluster recreated behind the same address). The store then forgets
 * every resourceVersion it held and rebuilds from fresh lists.
 */
export interface ClusterReset {
  detectedAt: number;
  /** The highest resourceVersion applied before, and the one the API answered with. */
  before: string;
  after: string;
  /** What noticed it: a list, a watch, or the API probe. */
  detectedBy: string;
  /** When every pod watch had listed again after the reset (null while rebuilding). */
  rebuiltAt: number | null;
}

export interface HealthReport extends HealthVerdict {
  at: number;
  sources: SourceHealth[];
  /** Sources the dashboard works without (claims): shown, never counted against readiness. */
  optional?: SourceHealth[];
  /** The last reset of the cluster's state, if any. */
  reset?: ClusterReset | null;
  /** Things worth knowing that are not problems (a reset rebuilt a while ago). */
  notices?: string[];
}

/** How long a finished rebuild after a reset stays mentioned as a notice. */
export const RESET_NOTICE_MS = 10 * 60_000;

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

export interface HealthInputs {
  sources: readonly SourceHealth[];
  now: number;
  pollIntervalMs: number;
  reset?: ClusterReset | null;
}

const clock = (t: number) => `${new Date(t).toISOString().slice(11, 19)} UTC`;

export function assessHealth({ sources, now, pollIntervalMs, reset }: HealthInputs): HealthVerdict & { notices: string[] } {
  const problems: string[] = [];
  const notices: string[] = [];
  let staleSince: number | null = null;
  const markStale = (since: number | null) => {
    const t = since ?? now;
    staleSince = staleSince === null ? t : Math.min(staleSince, t);
  };
  for (const s of sources) {
    if (s.state === 'retrying' && s.lastError) {
      problems.push(s.kind === 'probe' ? describeProbeFailure(s, now) : describeError(s));
      markStale(s.failingSince ?? s.lastError.at);
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
  if (reset) {
    const what = `the Kubernetes API answered with resourceVersion ${reset.after} after ${reset.before} had been seen (an etcd restore, or a cluster recreated behind the same address)`;
    if (reset.rebuiltAt === null) {
      problems.push(`The cluster's state went back in time at ${clock(reset.detectedAt)}: ${what}. Rebuilding from fresh lists.`);
      markStale(reset.detectedAt);
    } else if (now - reset.rebuiltAt < RESET_NOTICE_MS) {
      notices.push(`The cluster's state went back in time at ${clock(reset.detectedAt)} (${what}); the dashboard rebuilt its view from fresh lists at ${clock(reset.rebuiltAt)}.`);
    }
  }
  const anySynced = sources.some((s) => s.synced);
  return { ready: anySynced && problems.length === 0, stale: problems.length > 0, staleSince, problems, notices };
}

function describeProbeFailure(s: SourceHealth, now: number): string {
  const since = s.failingSince ?? s.lastError!.at;
  const code = s.lastError!.status ? ` (HTTP ${s.lastError!.status})` : '';
  return `The Kubernetes API server has not answered for ${Math.max(0, Math.round((now - since) / 1000))} s (since ${clock(since)})${code}: ${s.lastError!.message}. What is shown may be out of date.`;
}
