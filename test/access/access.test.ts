// Identity and access over real HTTP and socket.io, against the embedded cluster and a real
// kube-apiserver (which answers the dashboard's SubjectAccessReviews from RBAC): two namespaces
// with a Spark application each; alice may list pods in the first (a RoleBinding to her user),
// bob in the second (through his group). Proxy mode believes identity headers only from the
// trusted address; oidc mode only verified ID tokens. Each person sees only what Kubernetes
// lets them list, in every answer and on the live connection, and loses it when revoked.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppsResponse, ClustersResponse, CountsResponse, DashboardHealth, WhySummaryResponse } from '../../lib/apiTypes';
import type { Scope } from '../../lib/snapshot/scope';
import { availableBackends, useBackend } from '../contract/backends';
import { startTestDashboard, TEST_CLUSTER, type TestDashboard } from '../contract/dashboardHarness';
import { createNamespace, startSparkApp, uniqueName, waitFor } from '../contract/kubeOps';
import { bindPodReader, createPodReaderRole, deleteBinding, getAs, openViewer, PROXY_ADDRESS, startIssuer, viaProxy, type Issuer, type Viewer } from './accessHarness';

const NODE = 'ip-10-0-2-1.ec2.internal';
const AUDIENCE = 'spark-dashboard';
/** Short enough that a revoked binding ends a subscription within a few seconds. */
const FAST_RECHECK = ['--access-cache-ttl', '1s', '--access-recheck-interval', '1s'];

describe.each(availableBackends())('identity and access (%s)', (kind) => {
  const { backend, dashboards } = useBackend(kind);
  let nsA: string, nsB: string;
  let appA: { appId: string; driverName: string }, appB: { appId: string; driverName: string };
  let proxied: TestDashboard;
  const viewers: Viewer[] = [];
  const viewer = (as: Parameters<typeof openViewer>[1], url = proxied.dashboard.url) => {
    const v = openViewer(new URL(url).origin, as);
    viewers.push(v);
    return v;
  };
  const alice = viaProxy('alice', ['analysts']);
  const bob = viaProxy('bob', ['spark-team', 'other']);
  const appScope = (ns: string, appId: string): Scope => ({ kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId });
  const ready = async (t: TestDashboard) => {
    dashboards.push(t);
    await waitFor('both applications on the overview', () => t.dashboard.overview.summaries().length >= 2, 60_000);
  };

  beforeAll(async () => {
    const api = backend().transport('admin');
    nsA = uniqueName('spd-acc-a');
    nsB = uniqueName('spd-acc-b');
    for (const ns of [nsA, nsB]) {
      await createNamespace(api, ns);
      await createPodReaderRole(api, ns);
    }
    await bindPodReader(api, nsA, 'alice-reads', { kind: 'User', name: 'alice' });
    await bindPodReader(api, nsB, 'team-reads', { kind: 'Group', name: 'spark-team' });
    appA = await startSparkApp(api, nsA, 'etl', 2, NODE);
    appB = await startSparkApp(api, nsB, 'ml', 1, NODE);
    proxied = await startTestDashboard(backend(), { namespaces: [nsA, nsB], args: ['--auth', 'proxy', '--trusted-proxies', `${PROXY_ADDRESS}/32,fd00::/8`, ...FAST_RECHECK] });
    await ready(proxied);
  }, 180_000);
  afterAll(() => { for (const v of viewers) v.close(); });

  it('proxy mode: identity headers count only from the trusted proxy; probes need none and /readyz names no namespace', async () => {
    const url = proxied.dashboard.url;
    const spoofed = await getAs<{ error: string }>(url, '/api/apps', { headers: alice.headers });
    expect(spoofed.status).toBe(401);
    expect(spoofed.body.error).toContain('did not come through the sign-in proxy');
    const anonymous = await getAs<{ error: string }>(url, '/api/apps', { from: PROXY_ADDRESS });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toContain('sent no X-Forwarded-User');
    const page = await getAs(url, '/', { headers: alice.headers });
    expect(page.status).toBe(401);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('Sign in to see Spark applications');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await getAs(url, '/healthz', {})).status).toBe(200);
    expect((await getAs(url, '/metrics', {})).text).toContain('spark_dashboard_refusals_total{reason="unauthenticated"}');
    const readyz = await getAs<Record<string, unknown>>(url, '/readyz', {});
    expect([200, 503]).toContain(readyz.status);
    expect(readyz.text).not.toContain(nsA);
    expect(readyz.text).not.toContain(appA.appId);
    expect(readyz.body).toMatchObject({ clusters: { total: 1 } });
    const refused = viewer({ headers: alice.headers });
    expect(await refused.connected).toEqual({ ok: false, error: expect.stringContaining('not signed in') });
  });

  it('API answers hold only the namespaces each person may list pods in (a user binding for alice, a group binding for bob)', async () => {
    const url = proxied.dashboard.url;
    const appsOf = async (as: typeof alice) => {
      const res = await getAs<AppsResponse>(url, '/api/apps', as);
      expect(res.status).toBe(200);
      return res.body;
    };
    const a = await appsOf(alice);
    expect(a.apps.map((s) => s.namespace)).toEqual([nsA]);
    expect(Object.keys(a.running).every((k) => k.includes(`/${nsA}/`))).toBe(true);
    expect(a.clusters[0].applications).toBe(1);
    const b = await appsOf(bob);
    expect(b.apps.map((s) => s.namespace)).toEqual([nsB]);
    const nobody = await appsOf(viaProxy('mallory'));
    expect(nobody.apps).toEqual([]);
    expect(nobody.clusters[0]).toMatchObject({ applications: 0, executors: 0 });
    // An empty overview says why: there are applications, none of them hers to see.
    expect(nobody.nothingReadable).toBe('you (mallory, no groups) may not list pods in any namespace that holds Spark applications');
    expect(a.nothingReadable).toBeUndefined();
    const why = await getAs<WhySummaryResponse>(url, '/api/why', bob);
    expect(Object.keys(why.body.apps).every((k) => k.includes(`/${nsB}/`))).toBe(true);
    const clusters = await getAs<ClustersResponse>(url, '/api/clusters', alice);
    expect(clusters.body.clusters[0]).toMatchObject({ applications: 1, executors: 2, namespaces: [nsA] });
    // Executors per state over time: alice's two running ones, never bob's.
    await waitFor('a counts sample', async () => (await getAs<CountsResponse>(url, '/api/counts', alice)).body.samples.length > 0, 30_000);
    const counts = await getAs<CountsResponse>(url, '/api/counts', alice);
    expect(counts.body.samples.at(-1)![1]).toBe(2);
    const mallorysCounts = await getAs<CountsResponse>(url, '/api/counts', viaProxy('mallory'));
    expect(mallorysCounts.body.samples).toEqual([]);
  });

  it('health names only the namespaces a person may read: the API, an application page and the live connection', async () => {
    const url = proxied.dashboard.url;
    // The dashboard watches both namespaces; its own health names both.
    const full = JSON.stringify(proxied.dashboard.health());
    expect(full).toContain(nsA);
    expect(full).toContain(nsB);
    for (const [who, mine, theirs] of [[alice, nsA, nsB], [bob, nsB, nsA]] as const) {
      const health = await getAs<DashboardHealth>(url, '/api/health', who);
      expect(health.status).toBe(200);
      expect(health.body.clusters[TEST_CLUSTER].sources.map((s) => s.namespace)).toContain(mine);
      expect(JSON.stringify(health.body)).not.toContain(theirs);
      expect(JSON.stringify((await getAs<AppsResponse>(url, '/api/apps', who)).body.health)).not.toContain(theirs);
      const app = mine === nsA ? appA : appB;
      const detail = await getAs<{ health: unknown }>(url, `/api/apps/${TEST_CLUSTER}/${mine}/${app.appId}`, who);
      expect(JSON.stringify(detail.body.health)).toContain(mine);
      expect(JSON.stringify(detail.body.health)).not.toContain(theirs);
      const v = viewer(who);
      await waitFor('health narrowed to what they read', () => v.healths.some((h) => JSON.stringify(h).includes(mine)));
      expect(v.healths.map((h) => JSON.stringify(h)).filter((h) => h.includes(theirs))).toEqual([]);
    }
  });

  it('routes about a namespace a person may not read are 403 with a sentence naming what is missing', async () => {
    const url = proxied.dashboard.url;
    const sentence = `you (alice, groups: analysts) may not list pods in ${nsB} of ${TEST_CLUSTER}`;
    for (const path of [`/api/apps/${TEST_CLUSTER}/${nsB}/${appB.appId}`, `/api/apps/${TEST_CLUSTER}/${nsB}/${appB.appId}/why`, `/api/pods/${TEST_CLUSTER}/${nsB}/${appB.driverName}`,
      `/api/apps/${nsB}/${appB.appId}/driver`, `/api/pods/${TEST_CLUSTER}/${nsB}/${appB.driverName}/log`]) {
      const res = await getAs<{ error: string; missingPermission: unknown }>(url, path, alice);
      expect(res.status, path).toBe(403);
      expect(res.body.error, path).toBe(sentence);
      expect(res.body.missingPermission).toEqual({ verb: 'list', resource: 'pods', namespace: nsB, cluster: TEST_CLUSTER });
    }
    expect((await getAs(url, `/api/apps/${TEST_CLUSTER}/${nsA}/${appA.appId}`, alice)).status).toBe(200);
    expect((await getAs(url, `/api/apps/${TEST_CLUSTER}/${nsB}/${appB.appId}/record`, bob)).status).toBe(200);
    // alice's Role grants no pods/log: her application's live log is not hers to follow.
    const log = await getAs<{ error: string; missingPermission: unknown }>(url, `/api/pods/${TEST_CLUSTER}/${nsA}/${appA.driverName}/log`, alice);
    expect(log.status).toBe(403);
    expect(log.body.error).toBe(`you (alice, groups: analysts) may not get pods/log in ${nsA} of ${TEST_CLUSTER}`);
  });

  it('socket: a forbidden subscription is refused with the sentence; the overview holds only what the person may read', async () => {
    const v = viewer(alice);
    expect(await v.connected).toEqual({ ok: true });
    const refused = await v.subscribe(appScope(nsB, appB.appId));
    expect(refused).toEqual({ ok: false, error: `you (alice, groups: analysts) may not list pods in ${nsB} of ${TEST_CLUSTER}` });
    expect(v.ended.map((e) => e.scope)).toEqual([`app:${TEST_CLUSTER}/${nsB}/${appB.appId}`]);
    expect(await v.subscribe(appScope(nsA, appA.appId))).toMatchObject({ ok: true });
    expect(await v.subscribe({ kind: 'overview' })).toMatchObject({ ok: true });
    await waitFor('both snapshots', () => v.state({ kind: 'overview' }) && v.state(appScope(nsA, appA.appId)));
    expect(Object.values(v.state({ kind: 'overview' })!.apps).map((s) => s.namespace)).toEqual([nsA]);
    // A resync sent while the server still asks what the person may read gets nothing unfiltered.
    const hasty = viewer(alice);
    hasty.socket.emit('subscribe', { kind: 'overview' });
    hasty.socket.emit('resync', { kind: 'overview' });
    await waitFor('hasty\'s snapshot', () => hasty.snapshots.length > 0);
    await hasty.subscribe(appScope(nsA, appA.appId));
    expect(hasty.snapshots.filter((st) => st.scope === 'overview').flatMap((st) => Object.values(st.apps).map((a) => a.namespace))).toEqual([nsA]);
    const b = viewer(bob);
    await b.subscribe({ kind: 'overview' });
    await waitFor('bob\'s overview', () => b.state({ kind: 'overview' }));
    expect(Object.values(b.state({ kind: 'overview' })!.apps).map((s) => s.namespace)).toEqual([nsB]);
    // Diffs reach each filtered view: a new executor in bob's application shows for bob, never for alice.
    const api = backend().transport('admin');
    const more = await startSparkApp(api, nsB, 'ml2', 1, NODE);
    await waitFor('bob sees the new application', () => b.state({ kind: 'overview' })?.apps[`${TEST_CLUSTER}/${nsB}/${more.appId}`]);
    expect(Object.values(v.state({ kind: 'overview' })!.apps).map((s) => s.namespace)).toEqual([nsA]);
  });

  it('a revoked RoleBinding ends the subscription within the re-check interval, with a message; the overview loses the namespace', async () => {
    const v = viewer(alice);
    await v.subscribe(appScope(nsA, appA.appId));
    await v.subscribe({ kind: 'overview' });
    await waitFor('alice sees her application', () => v.state(appScope(nsA, appA.appId)) && Object.keys(v.state({ kind: 'overview' })?.apps ?? {}).length === 1);
    await deleteBinding(backend().transport('admin'), nsA, 'alice-reads');
    const ended = await waitFor('the subscription ended', () => v.ended.find((e) => e.scope === `app:${TEST_CLUSTER}/${nsA}/${appA.appId}`), 15_000);
    expect(ended.message).toBe(`This view ended: you (alice, groups: analysts) may not list pods in ${nsA} of ${TEST_CLUSTER}.`);
    await waitFor('the overview without her namespace', () => Object.keys(v.state({ kind: 'overview' })!.apps).length === 0, 15_000);
    await waitFor('the API agrees', async () => (await getAs(proxied.dashboard.url, `/api/apps/${TEST_CLUSTER}/${nsA}/${appA.appId}`, alice)).status === 403, 15_000);
  });

  it('when a SubjectAccessReview cannot be asked (the dashboard may not create them), access is denied and the answer says why', async () => {
    const t = await startTestDashboard(backend(), { namespaces: [nsA, nsB], identity: 'restricted', args: ['--auth', 'proxy', '--trusted-proxies', PROXY_ADDRESS] });
    dashboards.push(t);
    const res = await getAs<{ error: string }>(t.dashboard.url, `/api/apps/${TEST_CLUSTER}/${nsB}/${appB.appId}`, bob);
    expect(res.status).toBe(403);
    expect(res.body.error).toContain(`you (bob, groups: spark-team, other) may not list pods in ${nsB} of ${TEST_CLUSTER}: the dashboard's own identity may not create subjectaccessreviews`);
    const v = viewer(bob, t.dashboard.url);
    expect(await v.subscribe(appScope(nsB, appB.appId))).toMatchObject({ ok: false, error: expect.stringContaining('may not create subjectaccessreviews') });
  });

  it("with --namespaces '*', the namespaces asked about are those the dashboard sees Spark pods in", async () => {
    const t = await startTestDashboard(backend(), { namespaces: ['*'], args: ['--auth', 'proxy', '--trusted-proxies', PROXY_ADDRESS] });
    await ready(t);
    const res = await getAs<AppsResponse>(t.dashboard.url, '/api/apps', bob);
    expect(new Set(res.body.apps.map((a) => a.namespace))).toEqual(new Set([nsB]));
    expect(res.body.apps.length).toBeGreaterThan(0);
    expect((await getAs<AppsResponse>(t.dashboard.url, '/api/apps', viaProxy('mallory'))).body.apps).toEqual([]);
  });

  describe('oidc mode', () => {
    let issuer: Issuer;
    let oidc: TestDashboard;
    beforeAll(async () => {
      issuer = await startIssuer(AUDIENCE);
      // Users are named by `sub` without a prefix, groups by `groups`: the names the RoleBindings use.
      oidc = await startTestDashboard(backend(), {
        namespaces: [nsA, nsB],
        args: ['--auth', 'oidc', '--oidc-issuer', issuer.url, '--oidc-audience', AUDIENCE, '--oidc-username-claim', 'sub', '--oidc-username-prefix', '-', ...FAST_RECHECK],
      });
      await ready(oidc);
    }, 120_000);
    afterAll(() => issuer?.close());

    it('a verified ID token names the person, in the Authorization header or the socket\'s auth.token', async () => {
      const token = await issuer.token({ sub: 'bob', groups: ['spark-team'] });
      const res = await getAs<AppsResponse>(oidc.dashboard.url, '/api/apps', { token });
      expect(res.status).toBe(200);
      expect(new Set(res.body.apps.map((s) => s.namespace))).toEqual(new Set([nsB]));
      const v = viewer({ token }, oidc.dashboard.url);
      expect(await v.connected).toEqual({ ok: true });
      await v.subscribe({ kind: 'overview' });
      await waitFor('bob\'s overview', () => v.state({ kind: 'overview' }));
      expect(new Set(Object.values(v.state({ kind: 'overview' })!.apps).map((s) => s.namespace))).toEqual(new Set([nsB]));
      const forbidden = await v.subscribe(appScope(nsA, appA.appId));
      expect(forbidden).toMatchObject({ ok: false, error: `you (bob, groups: spark-team) may not list pods in ${nsA} of ${TEST_CLUSTER}` });
    });

    it('refuses expired tokens, other audiences, other issuers, bad signatures and no token at all', async () => {
      const url = oidc.dashboard.url;
      const claims = { sub: 'bob', groups: ['spark-team'] };
      const cases: [string, string | undefined, string][] = [
        ['expired', await issuer.token(claims, { expiresInSec: -120 }), 'has expired'],
        ['wrong audience', await issuer.token(claims, { audience: 'someone-else' }), `not for this dashboard (its audience is not ${AUDIENCE})`],
        ['wrong issuer', await issuer.token(claims, { issuer: 'https://evil.example.com' }), `was not issued by ${issuer.url}`],
        ['bad signature', await issuer.token(claims, { key: 'stranger' }), 'signature does not verify'],
        ['not a token', 'not.a.jwt', 'not a valid ID token'],
        ['no token', undefined, 'send an ID token'],
      ];
      for (const [what, token, says] of cases) {
        const res = await getAs<{ error: string }>(url, '/api/apps', { token });
        expect(res.status, what).toBe(401);
        expect(res.headers['www-authenticate'], what).toBe('Bearer');
        expect(res.body.error, what).toContain(says);
        const v = viewer({ token }, url);
        expect(await v.connected, what).toEqual({ ok: false, error: expect.stringContaining(says) });
      }
    });
  });
});
