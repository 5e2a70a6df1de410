// Asks a cluster whether a person may do something, with a SubjectAccessReview
// (authorization.k8s.io/v1) through the cluster's transport, as the dashboard's own identity
// (which needs `create subjectaccessreviews`; a dashboard bound per namespace, as in
// deploy/rbac-namespaced.yaml, asks with a LocalSubjectAccessReview instead). Answers are cached per (cluster, user, groups,
// namespace, action) for a short TTL, in a bounded LRU; concurrent asks of the same question
// share one request. A review that cannot be asked (forbidden to the dashboard, API down) is a
// denial that says why: access is never granted on an error.

import { LRUCache } from 'lru-cache';
import { reviewGroups, type Identity } from '../../lib/access/identity';
import type { KubeTransport } from '../kube/kubeTransport';
import { KubeApiError } from '../kube/kubeTransport';
import type { Logger } from '../log';

/** What the dashboard asks about: listing pods (seeing a namespace at all) and reading their logs. */
export interface AccessAction {
  verb: string;
  resource: string;
  subresource?: string;
  /** "list pods", "get pods/log": how sentences name it. */
  text: string;
}

export const LIST_PODS: AccessAction = { verb: 'list', resource: 'pods', text: 'list pods' };
export const GET_POD_LOGS: AccessAction = { verb: 'get', resource: 'pods', subresource: 'log', text: 'get pods/log' };

export type Verdict =
  | { allowed: true }
  /** `unanswered`: the review could not be asked (then `reason` says why). */
  | { allowed: false; reason: string; unanswered: boolean };

export interface ReviewedCluster {
  id: string;
  transport: KubeTransport;
}

export interface AccessReviewOptions {
  ttlMs: number;
  maxEntries: number;
  now(): number;
  /** An unanswered review is asked again after this long at most (the API may be back). */
  errorTtlMs?: number;
  timeoutMs?: number;
}

interface Entry { at: number; ttl: number; verdict: Promise<Verdict> }

const REVIEWS = '/apis/authorization.k8s.io/v1';
type ReviewAnswer = { status?: { allowed?: boolean; denied?: boolean; reason?: string } };

export class AccessReviews {
  private readonly cache: LRUCache<string, Entry>;
  readonly metrics = { asked: 0, cached: 0, unanswered: 0 };

  constructor(private readonly options: AccessReviewOptions, private readonly log: Logger) {
    this.cache = new LRUCache({ max: options.maxEntries });
  }

  review(cluster: ReviewedCluster, identity: Identity, namespace: string, action: AccessAction): Promise<Verdict> {
    const groups = reviewGroups(identity);
    const key = [cluster.id, identity.user, [...groups].sort().join(','), namespace, action.verb, action.resource, action.subresource ?? ''].join('\u0000');
    const now = this.options.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < hit.ttl) { this.metrics.cached++; return hit.verdict; }
    const entry: Entry = { at: now, ttl: this.options.ttlMs, verdict: Promise.resolve({ allowed: false, reason: '', unanswered: true }) };
    entry.verdict = this.ask(cluster, identity.user, groups, namespace, action).then((v) => {
      if (!v.allowed && v.unanswered) entry.ttl = Math.min(this.options.ttlMs, this.options.errorTtlMs ?? 5000);
      return v;
    });
    this.cache.set(key, entry);
    return entry.verdict;
  }

  private async ask(cluster: ReviewedCluster, user: string, groups: string[], namespace: string, action: AccessAction): Promise<Verdict> {
    this.metrics.asked++;
    const spec = { user, groups, resourceAttributes: { namespace, verb: action.verb, resource: action.resource, ...(action.subresource ? { subresource: action.subresource } : {}) } };
    const post = (path: string, kind: string) => cluster.transport.requestJson<ReviewAnswer>('POST', path, {
      body: { apiVersion: 'authorization.k8s.io/v1', kind, spec }, timeoutMs: this.options.timeoutMs ?? 10_000,
    });
    const isForbidden = (e: unknown) => e instanceof KubeApiError && e.status === 403;
    try {
      let res: ReviewAnswer;
      try {
        res = await post(`${REVIEWS}/subjectaccessreviews`, 'SubjectAccessReview');
      } catch (e) {
        // Bound per namespace: the namespaced review answers the same question about this namespace.
        if (!isForbidden(e)) throw e;
        res = await post(`${REVIEWS}/namespaces/${encodeURIComponent(namespace)}/localsubjectaccessreviews`, 'LocalSubjectAccessReview');
      }
      if (res.status?.allowed === true && res.status.denied !== true) return { allowed: true };
      return { allowed: false, reason: res.status?.reason ?? '', unanswered: false };
    } catch (e) {
      this.metrics.unanswered++;
      const forbidden = isForbidden(e);
      const reason = forbidden
        ? `the dashboard's own identity may not create subjectaccessreviews (nor localsubjectaccessreviews in ${namespace}) in cluster ${cluster.id}, so it cannot ask what you may read (${(e as Error).message})`
        : `the dashboard could not ask cluster ${cluster.id} what you may read: ${(e as Error).message}`;
      this.log.once('warn', `access-review:${cluster.id}:${forbidden ? 403 : 'error'}`, 'a SubjectAccessReview could not be asked; denying until it can', { cluster: cluster.id, error: (e as Error).message });
      return { allowed: false, reason, unanswered: true };
    }
  }
}
