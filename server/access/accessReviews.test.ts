import { describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { KubeApiError, type KubeTransport } from '../kube/kubeTransport';
import { AccessReviews, GET_POD_LOGS, LIST_PODS } from './accessReviews';

interface Asked { user: string; groups: string[]; resourceAttributes: Record<string, string> }

/** A transport that answers access reviews from a table, and records what it was asked. */
function fakeCluster(allowed: (a: Asked) => boolean | Error) {
  const asked: Asked[] = [];
  const transport = {
    server: 'https://fake',
    requestJson: async (_m: string, path: string, o: { body: { spec: Asked } }) => {
      expect(path).toMatch(/^\/apis\/authorization\.k8s\.io\/v1\/(namespaces\/[^/]+\/local)?subjectaccessreviews$/);
      asked.push(o.body.spec);
      const verdict = allowed(o.body.spec);
      if (verdict instanceof Error) throw verdict;
      return { status: { allowed: verdict, reason: verdict ? 'RBAC: allowed' : '' } };
    },
  } as unknown as KubeTransport;
  return { cluster: { id: 'prod', transport }, asked };
}

describe('access reviews', () => {
  const log = createLogger({ level: 'error', write: () => {} });
  let now = 0;
  const reviews = (maxEntries = 100) => new AccessReviews({ ttlMs: 30_000, maxEntries, now: () => now, errorTtlMs: 2000 }, log);
  const alice = { user: 'alice', groups: ['eng'] };

  it('asks with the user, groups (plus system:authenticated) and resource attributes, and caches the answer for the TTL', async () => {
    now = 0;
    const { cluster, asked } = fakeCluster((a) => a.resourceAttributes.namespace === 'etl');
    const r = reviews();
    expect(await r.review(cluster, alice, 'etl', LIST_PODS)).toEqual({ allowed: true });
    expect(asked[0]).toEqual({ user: 'alice', groups: ['eng', 'system:authenticated'], resourceAttributes: { namespace: 'etl', verb: 'list', resource: 'pods' } });
    expect(await r.review(cluster, alice, 'ml', LIST_PODS)).toEqual({ allowed: false, reason: '', unanswered: false });
    await r.review(cluster, alice, 'etl', LIST_PODS);
    await r.review(cluster, { user: 'alice', groups: ['eng'] }, 'etl', LIST_PODS);
    expect(asked).toHaveLength(2);
    // Another action, other groups: other questions.
    await r.review(cluster, alice, 'etl', GET_POD_LOGS);
    await r.review(cluster, { user: 'alice', groups: [] }, 'etl', LIST_PODS);
    expect(asked).toHaveLength(4);
    expect(asked[2].resourceAttributes).toEqual({ namespace: 'etl', verb: 'get', resource: 'pods', subresource: 'log' });
    now = 30_001;
    await r.review(cluster, alice, 'etl', LIST_PODS);
    expect(asked).toHaveLength(5);
  });

  it('shares one request among concurrent asks, and stays within its bound', async () => {
    now = 0;
    const { cluster, asked } = fakeCluster(() => true);
    const r = reviews(2);
    await Promise.all([r.review(cluster, alice, 'a', LIST_PODS), r.review(cluster, alice, 'a', LIST_PODS), r.review(cluster, alice, 'a', LIST_PODS)]);
    expect(asked).toHaveLength(1);
    await r.review(cluster, alice, 'b', LIST_PODS);
    await r.review(cluster, alice, 'c', LIST_PODS);
    // 'a' was the least recently used of three in a cache of two.
    await r.review(cluster, alice, 'a', LIST_PODS);
    expect(asked).toHaveLength(4);
  });

  it('denies when the review cannot be asked, says why, and asks again soon', async () => {
    now = 0;
    let fail: Error | null = new KubeApiError('subjectaccessreviews.authorization.k8s.io is forbidden', 403);
    const { cluster, asked } = fakeCluster(() => fail ?? true);
    const r = reviews();
    const v = await r.review(cluster, alice, 'etl', LIST_PODS);
    expect(v).toMatchObject({ allowed: false, unanswered: true, reason: expect.stringContaining('may not create subjectaccessreviews') });
    // Forbidden cluster-wide: a LocalSubjectAccessReview was tried too.
    expect(asked).toHaveLength(2);
    fail = new Error('connect ECONNREFUSED');
    now = 2001;
    expect(await r.review(cluster, alice, 'etl', LIST_PODS)).toMatchObject({ allowed: false, reason: expect.stringContaining('ECONNREFUSED') });
    fail = null;
    now = 4002;
    expect(await r.review(cluster, alice, 'etl', LIST_PODS)).toEqual({ allowed: true });
    expect(asked).toHaveLength(4);
  });

  it('asks with a LocalSubjectAccessReview in the namespace when it may not create cluster-wide ones', async () => {
    now = 0;
    const paths: string[] = [];
    const transport = {
      requestJson: async (_m: string, path: string, o: { body: { kind: string; spec: { resourceAttributes: { namespace: string } } } }) => {
        paths.push(`${o.body.kind} ${path}`);
        if (path.endsWith('/subjectaccessreviews')) throw new KubeApiError('forbidden', 403);
        return { status: { allowed: o.body.spec.resourceAttributes.namespace === 'team-a' } };
      },
    } as unknown as KubeTransport;
    const r = reviews();
    expect(await r.review({ id: 'prod', transport }, alice, 'team-a', LIST_PODS)).toEqual({ allowed: true });
    expect(await r.review({ id: 'prod', transport }, alice, 'team-b', LIST_PODS)).toMatchObject({ allowed: false, unanswered: false });
    expect(paths[1]).toBe('LocalSubjectAccessReview /apis/authorization.k8s.io/v1/namespaces/team-a/localsubjectaccessreviews');
  });
});
