// The RBAC fixtures and the stories about service accounts and permissions.

import { describe, expect, it } from 'vitest';
import type { KubeEvent, KubeRole, KubeRoleBinding } from '../../lib/kube/types';
import { SPARK_DRIVER_RULES } from './rbacFixtures';
import { callsOn, firstApp, harness, isStatusWrite, MINUTE, podPathOf, statusOf, terminatedExit } from './testHarness';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

describe('RBAC fixtures', () => {
  it('creates namespaces, service accounts, a well-scoped Role per namespace, and the wrong ones on purpose', async () => {
    const { fake, sim } = harness({ stories: ['over-privileged'] });
    await sim.start();
    for (const ns of ['spark-etl', 'spark-ml', 'spark-streaming']) {
      expect(fake.get(`/api/v1/namespaces/${ns}`)).toBeDefined();
      expect(fake.get(`/api/v1/namespaces/${ns}/serviceaccounts/spark-driver`)).toBeDefined();
      expect((fake.get(`${RBAC}/namespaces/${ns}/roles/spark-driver`) as KubeRole).rules).toEqual(SPARK_DRIVER_RULES);
      expect((fake.get(`${RBAC}/namespaces/${ns}/rolebindings/spark-driver`) as unknown as KubeRoleBinding).subjects).toEqual([{ kind: 'ServiceAccount', name: 'spark-driver', namespace: ns }]);
    }
    const limited = fake.get(`${RBAC}/namespaces/spark-ml/roles/spark-driver-limited`) as KubeRole;
    expect(limited.rules?.find((r) => r.resources?.includes('pods'))?.verbs).toEqual(['get', 'list', 'watch', 'create', 'patch']);
    const docs = fake.get(`${RBAC}/clusterrolebindings/spark-role`) as unknown as KubeRoleBinding;
    expect(docs.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' });
    expect(docs.subjects).toEqual([{ kind: 'ServiceAccount', name: 'spark', namespace: 'spark-etl' }]);
    expect((fake.get(`${RBAC}/clusterroles/edit`) as KubeRole).rules?.length).toBeGreaterThan(5);
    expect((fake.get(`${RBAC}/clusterrolebindings/spark-admin-cluster-admin`) as unknown as KubeRoleBinding).roleRef.name).toBe('cluster-admin');
    expect(fake.get('/api/v1/namespaces/spark-ml/serviceaccounts/spark-jobs')).toBeUndefined();
  });

  it('fills an existing aggregated `edit` that has no rules (a bare API server)', async () => {
    const { fake, sim } = harness({ stories: ['over-privileged'] });
    fake.put(`${RBAC}/clusterroles/edit`, { metadata: { name: 'edit', uid: 'x' }, aggregationRule: { clusterRoleSelectors: [] }, rules: null });
    await sim.start();
    expect((fake.get(`${RBAC}/clusterroles/edit`) as KubeRole).rules?.length).toBeGreaterThan(5);
    expect(fake.calls.some((c) => c.method === 'PATCH' && c.path === `${RBAC}/clusterroles/edit`)).toBe(true);
  });
});

describe('missing-permission', () => {
  it('never deletes finished executors and records a forbidden Warning on the driver instead', async () => {
    const { fake, sim } = harness({ stories: ['missing-permission'], seed: 2 });
    await sim.start();
    await sim.advance(13 * MINUTE);
    const app = firstApp(fake);
    expect(app.driver.spec?.serviceAccountName).toBe('spark-limited');
    const ns = app.driver.metadata!.namespace!;
    const failed = app.executors.filter((e) => callsOn(fake, podPathOf(e)).some((c) => isStatusWrite(c) && terminatedExit(c, 'spark-kubernetes-executor') === 1));
    expect(failed.length).toBeGreaterThan(0);
    const driverEnd = callsOn(fake, app.driverPath).filter(isStatusWrite).pop()!;
    expect(statusOf(driverEnd)?.phase).toBe('Succeeded');
    for (const e of failed) expect(callsOn(fake, podPathOf(e)).filter((c) => c.at <= driverEnd.at).some((c) => c.method === 'DELETE')).toBe(false);
    const warnings = (fake.list(`/api/v1/namespaces/${ns}/events`) as KubeEvent[]).filter((e) => e.involvedObject?.name === app.driver.metadata?.name);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatchObject({ type: 'Warning', reason: 'FailedDelete', involvedObject: { kind: 'Pod', uid: fake.get(app.driverPath)?.metadata?.uid } });
    const expected = failed.map((e) => `pods "${e.metadata?.name}" is forbidden: User "system:serviceaccount:${ns}:spark-limited" cannot delete resource "pods" in API group "" in the namespace "${ns}"`);
    expect(expected).toContain(warnings[0]!.message);
    // At the end the executors are told to stop (exit 0) and stay: nobody may delete them.
    expect(app.executors.filter((e) => fake.get(podPathOf(e))).length).toBe(app.executors.length);
  });
});

describe('over-privileged', () => {
  it('runs under the docs-style `spark` account or a cluster-admin one', async () => {
    const accounts = new Set<string>();
    for (const seed of [1, 2, 3, 4]) {
      const { fake, sim } = harness({ stories: ['over-privileged'], seed });
      await sim.start();
      await sim.advance(MINUTE);
      accounts.add(firstApp(fake).driver.spec!.serviceAccountName!);
    }
    expect(accounts).toEqual(new Set(['spark', 'spark-admin']));
  });
});

describe('missing-service-account', () => {
  it('starts a driver under an account that does not exist; it exits 1 without executors', async () => {
    const { fake, sim } = harness({ stories: ['missing-service-account'] });
    await sim.start();
    await sim.advance(MINUTE);
    const app = firstApp(fake);
    const sa = app.driver.spec!.serviceAccountName!;
    expect(fake.get(`/api/v1/namespaces/${app.driver.metadata?.namespace}/serviceaccounts/${sa}`)).toBeUndefined();
    expect(app.executors).toEqual([]);
    const end = callsOn(fake, app.driverPath).filter(isStatusWrite).pop()!;
    expect(statusOf(end)?.phase).toBe('Failed');
    expect(terminatedExit(end, 'spark-kubernetes-driver')).toBe(1);
  });

  it('gives up on the application when the API refuses the driver pod (ServiceAccount admission)', async () => {
    const { fake, sim } = harness({
      stories: ['missing-service-account'],
      fake: { fail: (c) => (c.method === 'POST' && c.path.endsWith('/pods') ? Object.assign(new Error('pods "x" is forbidden: error looking up service account spark-ml/spark-jobs: serviceaccount "spark-jobs" not found'), { status: 403 }) : undefined) },
    });
    await sim.start();
    await sim.advance(2 * MINUTE);
    expect(sim.stats().apps.rejected).toBeGreaterThan(0);
    expect(sim.stats().requests.errorsByClass.forbidden).toBeGreaterThan(0);
    expect(fake.list('/api/v1/namespaces/spark-ml/pods')).toEqual([]);
  });
});
