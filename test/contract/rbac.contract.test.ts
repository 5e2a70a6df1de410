// lib/rbac against the API server's own RBAC authorizer: random Roles, ClusterRoles (some
// aggregated), bindings and subjects are created through the API, read back with list calls,
// and every random SubjectAccessReview must get the same answer from lib/rbac `authorize` as
// from the server, with a reason naming a binding that grants it. Any difference is a bug in
// lib/rbac (or, on the embedded cluster, in its wiring). Also: the generated least-privilege
// fix and deploy/ manifests, applied with kubectl (or, without it, their documents created
// through the API), grant what they say and nothing more.

import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadAll } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KubeList, KubePolicyRule, KubeRole, KubeRoleBinding, KubeSubject } from '../../lib/kube/types';
import { mulberry32 } from '../../lib/random/mulberry32';
import { leastPrivilegeFix, missingNeeds } from '../../lib/rbac/leastPrivilegeFix';
import { allowedReason, authorize, grantsFor, type RbacSnapshot } from '../../lib/rbac/resolvePermissions';
import type { RequestAttributes } from '../../lib/rbac/ruleMatch';
import { checkDriverNeeds, checkDriverNeedsAsync, type ReviewAnswer } from '../../lib/rbac/sparkDriverNeeds';
import { serviceAccountUser, type RbacUser } from '../../lib/rbac/subjects';
import type { KubeTransport } from '../../server/kube/kubeTransport';
import { availableBackends, useBackend, type Backend } from './backends';
import { createNamespace, uniqueName, waitFor } from './kubeOps';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const RBAC_GROUP = 'rbac.authorization.k8s.io';
const WORLDS = 6;
const REVIEWS_PER_WORLD = 125;
const CONCURRENCY = 8;
const SEED = Number(process.env.RBAC_SEED ?? 20261124);

const run = promisify(execFile);
const hasKubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// ---------------------------------------------------------------- talking to the server

async function review(api: KubeTransport, user: RbacUser, a: RequestAttributes): Promise<ReviewAnswer> {
  const spec: Record<string, unknown> = { user: user.name, groups: [...user.groups] };
  if (a.nonResourcePath !== undefined) spec.nonResourceAttributes = { path: a.nonResourcePath, verb: a.verb };
  else spec.resourceAttributes = { namespace: a.namespace, verb: a.verb, group: a.apiGroup, resource: a.resource, subresource: a.subresource, name: a.name };
  const body = await api.requestJson<{ status?: { allowed?: boolean; reason?: string } }>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec },
  });
  return { allowed: body.status?.allowed === true, reason: body.status?.reason ?? '' };
}

async function readSnapshot(api: KubeTransport): Promise<RbacSnapshot> {
  const list = async <T>(resource: string) => (await api.getJson<KubeList<T>>(`${RBAC}/${resource}`)).items;
  const [roles, clusterRoles, roleBindings, clusterRoleBindings] = await Promise.all([
    list<KubeRole>('roles'), list<KubeRole>('clusterroles'), list<KubeRoleBinding>('rolebindings'), list<KubeRoleBinding>('clusterrolebindings'),
  ]);
  return { roles, clusterRoles, roleBindings, clusterRoleBindings };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

const rolesPath = (kind: string, ns?: string) => (ns ? `${RBAC}/namespaces/${ns}/${kind}` : `${RBAC}/${kind}`);

// ---------------------------------------------------------------- a random world

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const RULE_GROUPS = ['', 'apps', 'batch', '*'];
const RULE_RESOURCES = ['pods', 'pods/status', 'pods/log', 'pods/*', '*/status', '*/scale', '*', 'configmaps', 'deployments', 'deployments/scale', 'jobs', 'services', 'secrets'];
const REQUEST_RESOURCES = ['pods', 'configmaps', 'deployments', 'jobs', 'services', 'secrets'];
const SUBRESOURCES = ['status', 'log', 'scale', '*'];
const NAMES = ['n1', 'n2', 'n3'];
const URLS = ['/metrics', '/logs/*', '/logs', '/healthz/*', '*', '/apis/*', '/custom*'];
const PATHS = ['/metrics', '/logs', '/logs/app', '/healthz/ready', '/custom-x', '/apis/apps', '/version'];

interface World {
  roles: KubeRole[];
  clusterRoles: KubeRole[];
  roleBindings: KubeRoleBinding[];
  clusterRoleBindings: KubeRoleBinding[];
}

function generator(seed: number, prefix: string, namespaces: string[]) {
  const rnd = mulberry32(seed);
  const chance = (p: number) => rnd() < p;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const some = <T>(xs: readonly T[], max: number): T[] => [...new Set(Array.from({ length: 1 + Math.floor(rnd() * max) }, () => pick(xs)))];
  const users = [0, 1, 2, 3].map((i) => `${prefix}-u${i}`);
  const groups = [0, 1, 2].map((i) => `${prefix}-g${i}`);
  const saNames = ['sa0', 'sa1'];
  const labelKey = `rbac-test/${prefix}`;

  const resourceRule = (): KubePolicyRule => ({
    verbs: chance(0.15) ? ['*'] : some(VERBS, 3),
    apiGroups: some(RULE_GROUPS, 2),
    resources: some(RULE_RESOURCES, 3),
    ...(chance(0.2) ? { resourceNames: some(NAMES.slice(0, 2), 2) } : {}),
  });
  // Only ClusterRoles may hold non-resource rules (the API refuses them in a Role).
  const anyRule = (cluster: boolean): KubePolicyRule => (cluster && chance(0.15) ? { verbs: chance(0.3) ? ['*'] : some(['get', 'post'], 2), nonResourceURLs: some(URLS, 2) } : resourceRule());
  const rules = (cluster: boolean) => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => anyRule(cluster));
  const subject = (inRoleBinding: boolean): KubeSubject => {
    const r = rnd();
    if (r < 0.35) return { kind: 'User', apiGroup: RBAC_GROUP, name: pick(users) };
    if (r < 0.6) return { kind: 'Group', apiGroup: RBAC_GROUP, name: pick([...groups, 'system:serviceaccounts', `system:serviceaccounts:${pick(namespaces)}`]) };
    // A RoleBinding may leave the namespace out (it means the binding's own); a ClusterRoleBinding may not.
    return { kind: 'ServiceAccount', name: pick(saNames), ...(inRoleBinding && chance(0.35) ? {} : { namespace: pick(namespaces) }) };
  };
  const subjects = (inRoleBinding: boolean) => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => subject(inRoleBinding));

  function world(w: number): World {
    const name = (kind: string, i: number) => `${prefix}-w${w}-${kind}${i}`;
    const roles = Array.from({ length: 6 }, (_, i): KubeRole => ({ metadata: { name: name('role', i), namespace: pick(namespaces) }, rules: rules(false) }));
    const clusterRoles = Array.from({ length: 5 }, (_, i): KubeRole => ({
      metadata: { name: name('cr', i), ...(chance(0.6) ? { labels: { [labelKey]: pick(['a', 'b', 'c']) } } : {}) },
      rules: rules(true),
    }));
    for (let i = 0; i < 2; i++) {
      // Aggregated: nobody aggregates on these servers, so what is stored is what counts.
      clusterRoles.push({
        metadata: { name: name('agg', i) },
        aggregationRule: { clusterRoleSelectors: chance(0.5) ? [{ matchLabels: { [labelKey]: pick(['a', 'b']) } }] : [{ matchExpressions: [{ key: labelKey, operator: 'In', values: ['a', 'c'] }] }] },
        rules: chance(0.5) ? [] : rules(true),
      });
    }
    const roleRefFor = (ns: string): KubeRoleBinding['roleRef'] => {
      const r = rnd();
      const local = roles.filter((x) => x.metadata?.namespace === ns);
      if (r < 0.45 && local.length) return { apiGroup: RBAC_GROUP, kind: 'Role', name: pick(local).metadata!.name! };
      if (r < 0.85) return { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: pick(clusterRoles).metadata!.name! };
      return { apiGroup: RBAC_GROUP, kind: chance(0.5) ? 'Role' : 'ClusterRole', name: name('missing', Math.floor(rnd() * 3)) };
    };
    const roleBindings = Array.from({ length: 8 }, (_, i): KubeRoleBinding => {
      const ns = pick(namespaces);
      return { metadata: { name: name('rb', i), namespace: ns }, roleRef: roleRefFor(ns), subjects: subjects(true) };
    });
    const clusterRoleBindings = Array.from({ length: 5 }, (_, i): KubeRoleBinding => ({
      metadata: { name: name('crb', i) },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: chance(0.1) ? name('missing', 9) : pick(clusterRoles).metadata!.name! },
      subjects: subjects(false),
    }));
    return { roles, clusterRoles, roleBindings, clusterRoleBindings };
  }

  const randomUser = (): RbacUser => {
    if (chance(0.4)) return serviceAccountUser(pick(namespaces), pick(saNames));
    const g = chance(0.5) ? some(groups, 2) : [];
    if (chance(0.4)) g.push('system:authenticated');
    if (chance(0.03)) g.push('system:masters');
    return { name: chance(0.9) ? pick(users) : `${prefix}-nobody`, groups: g };
  };

  const randomAttributes = (): RequestAttributes => {
    if (chance(0.1)) return { verb: pick(['get', 'post']), apiGroup: '', nonResourcePath: pick(PATHS) };
    return {
      verb: chance(0.03) ? '*' : pick(VERBS),
      apiGroup: pick(['', '', 'apps', 'batch']),
      resource: pick(REQUEST_RESOURCES),
      ...(chance(0.3) ? { subresource: pick(SUBRESOURCES) } : {}),
      ...(chance(0.3) ? { name: pick(NAMES) } : {}),
      namespace: pick([...namespaces, '', `${prefix}-ghost`]),
    };
  };

  /** Half the reviews start from a binding and one of its rules (so that many are allowed), some nudged off it. */
  function derivedCase(w: World): { user: RbacUser; attrs: RequestAttributes } {
    const cluster = chance(0.4);
    const b = cluster ? pick(w.clusterRoleBindings) : pick(w.roleBindings);
    const ns = b.metadata?.namespace ?? pick(namespaces);
    const s = pick(b.subjects ?? []);
    const user: RbacUser = s.kind === 'User' ? { name: s.name, groups: [] }
      : s.kind === 'Group' ? { name: pick(users), groups: [s.name] }
      : serviceAccountUser(s.namespace ?? ns, s.name);
    const role = b.roleRef.kind === 'Role' ? w.roles.find((r) => r.metadata?.name === b.roleRef.name && r.metadata?.namespace === ns) : w.clusterRoles.find((r) => r.metadata?.name === b.roleRef.name);
    const rule = role?.rules?.length ? pick(role.rules) : resourceRule();
    let attrs: RequestAttributes;
    if (rule.nonResourceURLs) {
      const url = pick(rule.nonResourceURLs);
      attrs = { verb: pick(rule.verbs.filter((v) => v !== '*').concat('get')), apiGroup: '', nonResourcePath: url === '*' ? '/anything' : url.replace(/\*+$/, 'x') };
    } else {
      const res = pick(rule.resources ?? ['pods']);
      const [r0, sub] = res.split('/') as [string, string | undefined];
      attrs = {
        verb: pick(rule.verbs.filter((v) => v !== '*').concat(pick(VERBS))),
        apiGroup: pick((rule.apiGroups ?? ['']).map((g) => (g === '*' ? pick(['', 'apps', 'batch']) : g))),
        resource: r0 === '*' ? pick(REQUEST_RESOURCES) : r0,
        ...(sub ? { subresource: sub === '*' ? pick(SUBRESOURCES) : sub } : {}),
        ...(rule.resourceNames?.length ? { name: pick(rule.resourceNames) } : chance(0.2) ? { name: pick(NAMES) } : {}),
        namespace: cluster ? pick([...namespaces, '']) : ns,
      };
    }
    if (chance(0.3)) {
      const other = randomAttributes();
      const key = pick(['verb', 'apiGroup', 'namespace', 'name', 'subresource'] as const);
      if (attrs.nonResourcePath === undefined && other.nonResourcePath === undefined) attrs = { ...attrs, [key]: other[key] };
    }
    return { user, attrs };
  }

  const reviews = (w: World, n: number) => Array.from({ length: n }, () => (chance(0.5) ? derivedCase(w) : { user: randomUser(), attrs: randomAttributes() }));
  return { world, reviews };
}

// ---------------------------------------------------------------- comparing

const errorSet = (reason: string) => {
  const body = reason.replace(/^RBAC: /, '');
  return (body.startsWith('[') && body.endsWith(']') ? body.slice(1, -1).split(', ') : body ? [body] : []).sort();
};

interface Disagreement {
  user: RbacUser;
  attrs: RequestAttributes;
  server: ReviewAnswer;
  lib: { allowed: boolean; reason: string };
  problem: string;
}

function compare(s: RbacSnapshot, user: RbacUser, attrs: RequestAttributes, server: ReviewAnswer): Disagreement | null {
  const lib = authorize(s, user, attrs);
  const d = (problem: string): Disagreement => ({ user, attrs, server, lib: { allowed: lib.allowed, reason: lib.reason }, problem });
  if (lib.allowed !== server.allowed) return d('allowed differs');
  if (lib.allowed) {
    if (lib.privileged) return server.reason ? d('server gave a reason for system:masters') : null;
    // The server walks bindings in informer order (Go map order), so any granting binding may be named.
    const reasons = grantsFor(s, user, attrs).map(allowedReason);
    if (!reasons.includes(server.reason ?? '')) return d('the server named a binding lib/rbac does not see granting');
    if (!lib.grantedBy || lib.reason !== allowedReason(lib.grantedBy)) return d('lib/rbac reason does not name its grant');
    return null;
  }
  return JSON.stringify(errorSet(lib.reason)) === JSON.stringify(errorSet(server.reason ?? '')) ? null : d('denial reasons differ');
}

async function createAll(api: KubeTransport, w: World): Promise<void> {
  const post = (p: string, body: unknown) => api.requestJson('POST', p, { body });
  await mapLimit(w.roles, CONCURRENCY, (r) => post(rolesPath('roles', r.metadata!.namespace), { apiVersion: `${RBAC_GROUP}/v1`, kind: 'Role', ...r }));
  await mapLimit(w.clusterRoles, CONCURRENCY, (r) => post(rolesPath('clusterroles'), { apiVersion: `${RBAC_GROUP}/v1`, kind: 'ClusterRole', ...r }));
  await mapLimit(w.roleBindings, CONCURRENCY, (b) => post(rolesPath('rolebindings', b.metadata!.namespace), { apiVersion: `${RBAC_GROUP}/v1`, kind: 'RoleBinding', ...b }));
  await mapLimit(w.clusterRoleBindings, CONCURRENCY, (b) => post(rolesPath('clusterrolebindings'), { apiVersion: `${RBAC_GROUP}/v1`, kind: 'ClusterRoleBinding', ...b }));
}

/**
 * The real authorizer reads informer caches, a little behind the API. Each kind's informer sees
 * writes in order, so once a Role, ClusterRole and both bindings created after everything else
 * take effect, everything created before them has too. Two users, so that each path is proven
 * on its own: one bound only by the RoleBinding, one only by the ClusterRoleBinding.
 */
async function settle(api: KubeTransport, ns: string, tag: string): Promise<void> {
  const name = `sentinel-${tag}`;
  const rule = [{ apiGroups: ['sentinel.example.com'], resources: [`s-${tag}`], verbs: ['get'] }];
  const subject = (who: string) => [{ kind: 'User', apiGroup: RBAC_GROUP, name: `${name}-${who}` }];
  await api.requestJson('POST', rolesPath('roles', ns), { body: { metadata: { name }, rules: rule } });
  await api.requestJson('POST', rolesPath('clusterroles'), { body: { metadata: { name }, rules: rule } });
  await api.requestJson('POST', rolesPath('rolebindings', ns), { body: { metadata: { name }, roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name }, subjects: subject('ns') } });
  await api.requestJson('POST', rolesPath('clusterrolebindings'), { body: { metadata: { name }, roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name }, subjects: subject('cluster') } });
  const attrs = (namespace: string): RequestAttributes => ({ verb: 'get', apiGroup: 'sentinel.example.com', resource: `s-${tag}`, namespace });
  await waitFor(`RBAC objects of ${tag} to take effect`, async () => {
    const [viaRole, viaCluster] = await Promise.all([review(api, { name: `${name}-ns`, groups: [] }, attrs(ns)), review(api, { name: `${name}-cluster`, groups: [] }, attrs(''))]);
    return viaRole.allowed && viaCluster.allowed;
  }, 30_000, 100);
}

// ---------------------------------------------------------------- the suites

describe.each(availableBackends())('lib/rbac agrees with the RBAC authorizer of %s', (kind) => {
  const ctx = useBackend(kind);
  let backend: Backend;
  let api: KubeTransport;
  beforeAll(() => {
    backend = ctx.backend();
    api = backend.transport('admin');
  });

  it('agrees with the server on what a Spark driver lacks, and the least-privilege fix grants exactly that', async () => {
    const ns = uniqueName('rb-fix');
    await createNamespace(api, ns);
    await api.requestJson('POST', `/api/v1/namespaces/${ns}/serviceaccounts`, { body: { metadata: { name: 'spark' } } });
    await api.requestJson('POST', rolesPath('roles', ns), { body: { metadata: { name: 'partial' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }] } });
    await api.requestJson('POST', rolesPath('rolebindings', ns), { body: { metadata: { name: 'partial' }, roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: 'partial' }, subjects: [{ kind: 'ServiceAccount', name: 'spark', namespace: ns }] } });
    const options = { namespace: ns, serviceAccount: 'spark', usesOnDemandClaims: true };
    const sar = (u: RbacUser, a: RequestAttributes) => review(api, u, a);
    await waitFor('the partial Role to take effect', async () => (await checkDriverNeedsAsync(sar, options)).filter((c) => c.allowed).length === 3);

    const before = checkDriverNeeds(await readSnapshot(api), options);
    const fromServer = await checkDriverNeedsAsync(sar, options);
    expect(before.map((c) => [c.need.id, c.allowed])).toEqual(fromServer.map((c) => [c.need.id, c.allowed]));
    const missing = missingNeeds(before);
    expect(missing.map((n) => n.id)).toEqual(before.filter((c) => !['pods:get', 'pods:list', 'pods:watch'].includes(c.need.id)).map((c) => c.need.id));

    const fix = leastPrivilegeFix({ ...options, missing, snapshot: await readSnapshot(api) })!;
    await applyFix(backend, fix);
    await waitFor('the fix to take effect', async () => (await checkDriverNeedsAsync(sar, options)).every((c) => c.allowed));
    const after = checkDriverNeeds(await readSnapshot(api), options);
    expect(after.every((c) => c.allowed)).toBe(true);
    for (const c of after.filter((x) => missing.includes(x.need))) expect(c.grantedBy?.binding).toEqual({ kind: 'RoleBinding', namespace: ns, name: fix.roleBinding.metadata!.name });
    // Nothing beyond the table: no secrets, no other namespace, no update of pods.
    const sa = serviceAccountUser(ns, 'spark');
    for (const a of [
      { verb: 'get', apiGroup: '', resource: 'secrets', namespace: ns },
      { verb: 'create', apiGroup: '', resource: 'pods', namespace: 'default' },
      { verb: 'update', apiGroup: '', resource: 'pods', namespace: ns },
      { verb: 'create', apiGroup: '', resource: 'services', namespace: ns },
    ]) expect((await review(api, sa, a)).allowed).toBe(false);
  }, 60_000);

  it('deploy/ gives the dashboard read access and access reviews, and nothing else', async () => {
    const deployDir = fileURLToPath(new URL('../../deploy/', import.meta.url));
    await createManifests(backend, [path.join(deployDir, 'namespace.yaml'), path.join(deployDir, 'rbac.yaml')]);
    const dashboard = serviceAccountUser('spark-dashboard', 'spark-dashboard');
    const ok = (verb: string, apiGroup: string, resource: string, namespace = 'team-a'): RequestAttributes => ({ verb, apiGroup, resource, namespace });
    await waitFor('deploy/rbac.yaml to take effect', async () => (await review(api, dashboard, ok('list', '', 'pods'))).allowed);
    for (const r of ['pods', 'persistentvolumeclaims', 'serviceaccounts', 'events', 'configmaps']) {
      for (const v of ['get', 'list', 'watch']) expect((await review(api, dashboard, ok(v, '', r))).allowed, `${v} ${r}`).toBe(true);
    }
    for (const v of ['get', 'list', 'watch']) expect((await review(api, dashboard, ok(v, '', 'namespaces', ''))).allowed).toBe(true);
    for (const r of ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings']) expect((await review(api, dashboard, ok('list', RBAC_GROUP, r, ''))).allowed, r).toBe(true);
    expect((await review(api, dashboard, ok('create', 'authorization.k8s.io', 'subjectaccessreviews', ''))).allowed).toBe(true);
    // Operator applications: read, never written (the operators own them).
    for (const group of ['sparkoperator.k8s.io', 'spark.apache.org']) {
      for (const v of ['list', 'watch']) expect((await review(api, dashboard, ok(v, group, 'sparkapplications'))).allowed, `${v} ${group}`).toBe(true);
      for (const v of ['create', 'patch', 'delete']) expect((await review(api, dashboard, ok(v, group, 'sparkapplications'))).allowed, `${v} ${group}`).toBe(false);
    }
    for (const a of [ok('get', '', 'secrets'), ok('create', '', 'pods'), ok('delete', '', 'pods'), ok('patch', '', 'configmaps'), { ...ok('get', '', 'pods'), subresource: 'log' }, ok('create', RBAC_GROUP, 'rolebindings')]) {
      expect((await review(api, dashboard, a)).allowed, JSON.stringify(a)).toBe(false);
    }
    // Log tails are opt-in: rbac-logs.yaml adds reading pod logs, and nothing else.
    await createManifests(backend, [path.join(deployDir, 'rbac-logs.yaml')]);
    const log = { ...ok('get', '', 'pods'), subresource: 'log' };
    await waitFor('deploy/rbac-logs.yaml to take effect', async () => (await review(api, dashboard, log)).allowed);
    for (const a of [ok('get', '', 'secrets'), ok('create', '', 'pods'), { ...ok('get', '', 'pods'), subresource: 'exec' }]) {
      expect((await review(api, dashboard, a)).allowed, JSON.stringify(a)).toBe(false);
    }
    // Spark UIs through the dashboard are opt-in too: rbac-spark-ui-proxy.yaml adds get services/proxy, and nothing else.
    const uiProxy = { ...ok('get', '', 'services'), subresource: 'proxy' };
    expect((await review(api, dashboard, uiProxy)).allowed).toBe(false);
    await createManifests(backend, [path.join(deployDir, 'rbac-spark-ui-proxy.yaml')]);
    await waitFor('deploy/rbac-spark-ui-proxy.yaml to take effect', async () => (await review(api, dashboard, uiProxy)).allowed);
    for (const a of [{ ...uiProxy, verb: 'create' }, { ...ok('get', '', 'pods'), subresource: 'proxy' }, ok('get', '', 'services'), ok('get', '', 'secrets')]) {
      expect((await review(api, dashboard, a)).allowed, JSON.stringify(a)).toBe(false);
    }
  }, 60_000);

  it('deploy/rbac-namespaced.yaml reads one namespace only', async () => {
    const deployDir = fileURLToPath(new URL('../../deploy/', import.meta.url));
    await createNamespace(api, 'team-a').catch(() => {});
    await createManifests(backend, [path.join(deployDir, 'rbac-namespaced.yaml')]);
    const dashboard = serviceAccountUser('spark-dashboard', 'spark-dashboard');
    const a = (verb: string, apiGroup: string, resource: string, namespace: string): RequestAttributes => ({ verb, apiGroup, resource, namespace });
    await waitFor('deploy/rbac-namespaced.yaml to take effect', async () => (await review(api, dashboard, a('create', 'authorization.k8s.io', 'localsubjectaccessreviews', 'team-a'))).allowed);
    const snapshot = await readSnapshot(api);
    for (const [attrs, expected] of [
      [a('watch', '', 'pods', 'team-a'), true],
      [a('list', RBAC_GROUP, 'rolebindings', 'team-a'), true],
      [a('list', '', 'configmaps', 'team-a'), true],
      [a('list', '', 'secrets', 'team-a'), false],
      [a('list', RBAC_GROUP, 'clusterrolebindings', ''), false],
    ] as const) {
      const server = await review(api, dashboard, attrs);
      // Only the namespaced grant applies here (deploy/rbac.yaml's may run first on this backend).
      const lib = authorize({ ...snapshot, clusterRoleBindings: [] }, dashboard, attrs);
      expect(lib.allowed, JSON.stringify(attrs)).toBe(expected);
      if (expected) expect(server.allowed).toBe(true);
    }
  }, 60_000);

  // Last: its random bindings (some to system:serviceaccounts) would leak into the tests above.
  it(`answers ${WORLDS * REVIEWS_PER_WORLD} random SubjectAccessReviews exactly as the server does`, async () => {
    const prefix = uniqueName('rb');
    const namespaces = [0, 1, 2].map((i) => `${prefix}-ns${i}`);
    for (const ns of namespaces) await createNamespace(api, ns);
    const gen = generator(SEED, prefix, namespaces);
    const disagreements: Disagreement[] = [];
    let allowed = 0;
    let total = 0;
    // What the cases exercised, so a green run is known not to be a vacuous one.
    const shape: Record<string, number> = {};
    const count = (k: string, yes: boolean) => void (yes && (shape[k] = (shape[k] ?? 0) + 1));
    for (let w = 0; w < WORLDS; w++) {
      const world = gen.world(w);
      await createAll(api, world);
      await settle(api, namespaces[0]!, `${prefix}-w${w}`);
      const snapshot = await readSnapshot(api);
      const cases = gen.reviews(world, REVIEWS_PER_WORLD);
      const answers = await mapLimit(cases, CONCURRENCY, (c) => review(api, c.user, c.attrs));
      cases.forEach((c, i) => {
        const d = compare(snapshot, c.user, c.attrs, answers[i]!);
        if (d) disagreements.push(d);
        const answer = answers[i]!;
        if (answer.allowed) allowed++;
        total++;
        count('nonResource', c.attrs.nonResourcePath !== undefined);
        count('subresource', !!c.attrs.subresource);
        count('named', !!c.attrs.name);
        count('clusterScope', c.attrs.nonResourcePath === undefined && !c.attrs.namespace);
        count('serviceAccount', c.user.name.startsWith('system:serviceaccount:'));
        count('allowedByRoleBinding', !!answer.reason?.startsWith('RBAC: allowed by RoleBinding'));
        count('allowedByClusterRoleBinding', !!answer.reason?.startsWith('RBAC: allowed by ClusterRoleBinding'));
        count('allowedAsMaster', answer.allowed && !answer.reason);
        count('deniedWithErrors', !answer.allowed && !!answer.reason);
      });
    }
    console.log(`[${kind}] ${total} reviews (seed ${SEED}): ${allowed} allowed, ${total - allowed} denied, ${disagreements.length} disagreements; ${JSON.stringify(shape)}`);
    for (const d of disagreements.slice(0, 20)) console.log(JSON.stringify(d));
    expect(disagreements).toEqual([]);
    // A useful mix: neither nearly all allowed nor nearly all denied.
    expect(allowed).toBeGreaterThan(total * 0.2);
    expect(allowed).toBeLessThan(total * 0.8);
    for (const k of ['nonResource', 'subresource', 'named', 'clusterScope', 'serviceAccount', 'allowedByRoleBinding', 'allowedByClusterRoleBinding', 'deniedWithErrors']) expect(shape[k] ?? 0, k).toBeGreaterThan(5);
  }, 240_000);
});

/** Applies the fix as an operator would: its YAML text through kubectl (a real YAML parser and the server's field validation); without kubectl, its objects as JSON. */
/** The API collection each kind of deploy/ manifest is created in. */
function collectionPath(kind: string, namespace: string | undefined): string {
  const ns = () => {
    if (!namespace) throw new Error(`a ${kind} manifest without metadata.namespace`);
    return namespace;
  };
  switch (kind) {
    case 'Namespace': return '/api/v1/namespaces';
    case 'ServiceAccount': return `/api/v1/namespaces/${ns()}/serviceaccounts`;
    case 'ClusterRole': return rolesPath('clusterroles');
    case 'ClusterRoleBinding': return rolesPath('clusterrolebindings');
    case 'Role': return rolesPath('roles', ns());
    case 'RoleBinding': return rolesPath('rolebindings', ns());
    default: throw new Error(`no collection known for a ${kind} manifest`);
  }
}

/** `kubectl create -f` of manifest files; without kubectl, the same documents POSTed through the API. */
async function createManifests(backend: Backend, files: string[]): Promise<void> {
  if (hasKubectl) {
    await run('kubectl', ['--kubeconfig', backend.kubeconfigPath('admin'), 'create', ...files.flatMap((f) => ['-f', f])]);
    return;
  }
  const api = backend.transport('admin');
  for (const file of files) {
    for (const doc of loadAll(fs.readFileSync(file, 'utf8'))) {
      if (!doc) continue; // an empty document (e.g. a trailing ---)
      const body = doc as { kind: string; metadata?: { namespace?: string } };
      await api.requestJson('POST', collectionPath(body.kind, body.metadata?.namespace), { body });
    }
  }
}

async function applyFix(backend: Backend, fix: { yaml: string; role: KubeRole; roleBinding: KubeRoleBinding }): Promise<void> {
  if (!hasKubectl) {
    const api = backend.transport('admin');
    const ns = fix.role.metadata!.namespace;
    await api.requestJson('POST', rolesPath('roles', ns), { body: fix.role });
    await api.requestJson('POST', rolesPath('rolebindings', ns), { body: fix.roleBinding });
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rbac-fix-'));
  try {
    const file = path.join(dir, 'fix.yaml');
    fs.writeFileSync(file, fix.yaml);
    await run('kubectl', ['--kubeconfig', backend.kubeconfigPath('admin'), 'create', '-f', file]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
