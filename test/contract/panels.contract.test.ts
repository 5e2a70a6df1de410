// The volumes and RBAC panels' server side on both backends: a claim that goes Pending →
// Bound reaches an open page (an invalidation, then the refetched view), and a dashboard
// whose identity may read pods but not RBAC still answers, saying exactly what it lacks.

import { beforeAll, describe, expect, it } from 'vitest';
import type { AppRbacResponse, AppVolumesResponse } from '../../lib/apiTypes';
import type { KubePod } from '../../lib/kube/types';
import type { InvalidateMessage } from '../../lib/protocol';
import { appScopeKey } from '../../lib/snapshot/scope';
import { FIXTURE_APP_ID, pendingExecutor, runningExecutor, sparkDriverPod } from '../../lib/spark/testing/podFixtures';
import { availableBackends, useBackend, type Backend } from './backends';
import { startTestDashboard, TEST_CLUSTER } from './dashboardHarness';
import { createNamespace, createPod, MERGE_PATCH, patchPodStatus, statusOf, uniqueName, waitFor } from './kubeOps';

const NODE = 'ip-10-0-8-8.ec2.internal';
const RBAC = '/apis/rbac.authorization.k8s.io/v1';

describe.each(availableBackends())('application panels against %s', (kind) => {
  const ctx = useBackend(kind);
  let backend: Backend;
  beforeAll(() => { backend = ctx.backend(); });

  it('a claim that goes Pending → Bound reaches an open page without reload', async () => {
    const api = backend.transport('admin');
    const ns = uniqueName('vol');
    await createNamespace(api, ns);
    const driver = sparkDriverPod({ namespace: ns, phase: 'Running' });
    const prefix = driver.metadata!.name!.replace(/-driver$/, '');
    const claimName = `${prefix}-exec-1-pvc-0`;
    await api.requestJson('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims`, {
      body: {
        apiVersion: 'v1', kind: 'PersistentVolumeClaim',
        metadata: { name: claimName, labels: { 'spark-app-selector': FIXTURE_APP_ID } },
        spec: { accessModes: ['ReadWriteOncePod'], storageClassName: 'gp3', resources: { requests: { storage: '10Gi' } } },
      },
    });
    await createPod(api, ns, driver, { nodeName: NODE });
    await patchPodStatus(api, ns, driver.metadata!.name!, statusOf(driver));
    const executor: KubePod = pendingExecutor(1, { namespace: ns });
    executor.spec!.volumes = [...(executor.spec!.volumes ?? []), { name: 'data', persistentVolumeClaim: { claimName } }];
    executor.spec!.containers![0].volumeMounts = [...(executor.spec!.containers![0].volumeMounts ?? []), { name: 'data', mountPath: '/data' }];
    await createPod(api, ns, executor, { nodeName: undefined });

    const t = await startTestDashboard(backend, { namespaces: [ns] });
    ctx.dashboards.push(t);
    const app = t.watchScope({ kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId: FIXTURE_APP_ID });
    await waitFor('the application', () => app.state()?.rows.filter(Boolean).length === 2);
    const before = await waitFor('the claim in the volumes view', async () => {
      const r = await t.getJson<AppVolumesResponse>(`/api/apps/${ns}/${FIXTURE_APP_ID}/volumes`);
      return r.body.claims.find((c) => c.name === claimName) && r.body;
    });
    expect(before.claims.find((c) => c.name === claimName)?.phase).toBe('Pending');
    expect(before.groups.some((g) => g.group.kind === 'persistentVolumeClaim' && g.group.role === 'executor')).toBe(true);
    expect(before.findings.some((f) => f.id.startsWith('pending-claim'))).toBe(true);

    const invalidations: InvalidateMessage[] = [];
    app.client.onInvalidate((m) => invalidations.push(m));
    // Play the PV controller: bind once (spec.volumeName), then report Bound through /status.
    await api.requestJson('PATCH', `/api/v1/namespaces/${ns}/persistentvolumeclaims/${claimName}`, { body: { spec: { volumeName: `pvc-${claimName}` } }, contentType: MERGE_PATCH });
    await api.requestJson('PATCH', `/api/v1/namespaces/${ns}/persistentvolumeclaims/${claimName}/status`, {
      body: { status: { phase: 'Bound', accessModes: ['ReadWriteOncePod'], capacity: { storage: '10Gi' } } }, contentType: MERGE_PATCH,
    });
    await waitFor('an invalidation of the volumes', () => invalidations.some((m) => m.scope === appScopeKey(TEST_CLUSTER, ns, FIXTURE_APP_ID) && m.topic === 'volumes'));
    const after = await waitFor('the claim bound', async () => {
      const r = await t.getJson<AppVolumesResponse>(`/api/apps/${ns}/${FIXTURE_APP_ID}/volumes`);
      const c = r.body.claims.find((x) => x.name === claimName);
      return c?.phase === 'Bound' && c;
    });
    expect(after.capacity).toBe('10Gi');
    expect(after.volumeName).toBe(`pvc-${claimName}`);
  });

  it('a dashboard that may read pods but not RBAC explains what it lacks, and the rest works', async () => {
    const api = backend.transport('admin');
    const ns = uniqueName('rbac');
    await createNamespace(api, ns);
    const role = uniqueName('pod-reader');
    await api.requestJson('POST', `${RBAC}/clusterroles`, { body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: role }, rules: [{ apiGroups: [''], resources: ['pods', 'persistentvolumeclaims'], verbs: ['get', 'list', 'watch'] }] } });
    await api.requestJson('POST', `${RBAC}/clusterrolebindings`, { body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: role }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'restricted-user' }] } });
    const driver = sparkDriverPod({ namespace: ns, phase: 'Running' });
    await createPod(api, ns, driver, { nodeName: NODE });
    await createPod(api, ns, pendingExecutor(1, { namespace: ns }), { nodeName: NODE });
    await patchPodStatus(api, ns, runningExecutor(1, { namespace: ns }).metadata!.name!, statusOf(runningExecutor(1, { namespace: ns })));

    const t = await startTestDashboard(backend, { namespaces: [ns], identity: 'restricted' });
    ctx.dashboards.push(t);
    const app = t.watchScope({ kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId: FIXTURE_APP_ID });
    await waitFor('the live application', () => app.state()?.rows.some((r) => r?.state === 'running'));
    const rbac = await t.getJson<AppRbacResponse>(`/api/apps/${ns}/${FIXTURE_APP_ID}/rbac`);
    expect(rbac.status).toBe(200);
    expect(rbac.body.verdicts).toBe('unavailable');
    const lacking = rbac.body.missingAccess.map((m) => `${m.verb} ${m.resource}`).sort();
    expect(lacking).toEqual(['create subjectaccessreviews', 'list clusterrolebindings', 'list clusterroles', 'list events', 'list rolebindings', 'list roles', 'list serviceaccounts']);
    expect(rbac.body.missingAccess.find((m) => m.resource === 'roles')).toMatchObject({ group: 'rbac.authorization.k8s.io', namespace: ns });
    const volumes = await t.getJson<AppVolumesResponse>(`/api/apps/${ns}/${FIXTURE_APP_ID}/volumes`);
    expect(volumes.status).toBe(200);
    expect(volumes.body.missingAccess.map((m) => `${m.verb} ${m.resource}`)).toContain('get configmaps');
    expect((await t.getJson('/readyz')).status).toBe(200);

    // Given RBAC read access but still no access reviews, it evaluates RBAC itself.
    const reader = uniqueName('rbac-reader');
    await api.requestJson('POST', `${RBAC}/clusterroles`, { body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: reader }, rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'], verbs: ['get', 'list', 'watch'] }] } });
    await api.requestJson('POST', `${RBAC}/clusterrolebindings`, { body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: reader }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: reader }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'restricted-user' }] } });
    const local = await waitFor('local verdicts', async () => {
      const r = await t.getJson<AppRbacResponse>(`/api/apps/${ns}/${FIXTURE_APP_ID}/rbac`);
      return r.body.verdicts === 'local' && r.body;
    });
    expect(local.needs.length).toBeGreaterThan(5);
    expect(local.needs.every((n) => !n.allowed)).toBe(true);
    expect(local.fix?.yaml).toContain('kind: RoleBinding');
    expect(local.verdictNote).toMatch(/may not create SubjectAccessReviews/);
  });
});
