// Findings for the shapes Spark users meet: partial Roles, the docs' edit binding, cluster-admin.

import { describe, expect, it } from 'vitest';
import type { KubeEvent } from '../kube/types';
import { rbacFindings } from './rbacFindings';
import { checkDriverNeeds } from './sparkDriverNeeds';
import {
  aggregatedClusterRole, clusterRole, clusterRoleBinding, EDIT_AGGREGATED_RULES, group, role, roleBinding, serviceAccount, snapshot, SPARK_DRIVER_RULES,
} from './testing/rbacFixtures';

const base = { namespace: 'team-a', serviceAccount: 'spark', usesOnDemandClaims: false };
const sa = { metadata: { name: 'spark', namespace: 'team-a' } };
const good = snapshot({ roles: [role('team-a', 'driver', SPARK_DRIVER_RULES)], roleBindings: [roleBinding('team-a', 'driver', { kind: 'Role', name: 'driver' }, [serviceAccount('spark')])] });
const forbidden = (name: string, verb: string, resource: string): KubeEvent => ({
  metadata: { name }, type: 'Warning', reason: 'Forbidden',
  message: `${resource} is forbidden: User "system:serviceaccount:team-a:spark" cannot ${verb} resource "${resource}" in API group "" in the namespace "team-a"`,
});
const ids = (fs: { id: string }[]) => fs.map((f) => f.id);

describe('rbacFindings', () => {
  it('finds nothing for the recommended Role and an existing service account', () => {
    expect(rbacFindings({ ...base, snapshot: good, serviceAccounts: [sa] })).toEqual([]);
  });

  it('reports each missing permission with why Spark needs it and the events it explains', () => {
    const partial = snapshot({
      roles: [role('team-a', 'limited', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'patch'] }, { apiGroups: [''], resources: ['configmaps', 'services'], verbs: ['*'] }])],
      roleBindings: [roleBinding('team-a', 'limited', { kind: 'Role', name: 'limited' }, [serviceAccount('spark')])],
    });
    const events = [forbidden('e1', 'delete', 'pods'), forbidden('e2', 'delete', 'pods'), forbidden('e3', 'create', 'pods'), forbidden('e4', 'get', 'secrets')];
    const found = rbacFindings({ ...base, snapshot: partial, serviceAccounts: [sa], events });
    const missing = found.find((f) => f.id === 'missing:pods:delete')!;
    expect(missing).toMatchObject({ severity: 'warning', title: 'Cannot delete pods', subjects: ['ServiceAccount "spark/team-a"'], needs: ['pods:delete'] });
    expect(missing.detail).toContain('the driver deletes single executors');
    expect(missing.events?.map((e) => e.name)).toEqual(['e1', 'e2']);
    expect(found.find((f) => f.id === 'missing:pods:deletecollection')?.events).toBeUndefined();
    // Refused earlier, allowed now: the rule was added since.
    expect(found.find((f) => f.id === 'forbidden-resolved:pods:create')).toMatchObject({ severity: 'info', bindings: [{ kind: 'RoleBinding', name: 'limited', namespace: 'team-a' }] });
    // A refusal outside Spark's table is reported on its own.
    expect(found.find((f) => f.id === 'forbidden-other:get:secrets')).toMatchObject({ severity: 'warning', title: 'Forbidden: get secrets' });
    // The wildcard verbs of the partial Role are over-privilege, even though it lacks other things.
    expect(ids(found)).toContain('wildcard:RoleBinding/team-a/limited');
  });

  it('ranks missing pod creation as danger, first', () => {
    const found = rbacFindings({ ...base, snapshot: snapshot({}), serviceAccounts: [sa] });
    expect(found[0]!.severity).toBe('danger');
    expect(found.filter((f) => f.severity === 'danger').map((f) => f.id)).toEqual(['missing:pods:get', 'missing:pods:list', 'missing:pods:watch', 'missing:pods:create', 'missing:configmaps:create']);
  });

  it('uses checks made elsewhere (SubjectAccessReview) when given', () => {
    const checks = checkDriverNeeds(() => ({ allowed: true }), base);
    expect(rbacFindings({ ...base, snapshot: snapshot({}), checks, serviceAccounts: [sa] })).toEqual([]);
  });

  it('reports a service account that does not exist, and skips the check when they could not be read', () => {
    expect(rbacFindings({ ...base, snapshot: good, serviceAccounts: [] })).toMatchObject([{ id: 'service-account-missing', severity: 'danger' }]);
    expect(rbacFindings({ ...base, snapshot: good })).toEqual([]);
  });

  it('calls out the docs\' edit ClusterRoleBinding, and says when edit grants nothing on this cluster', () => {
    const filled = snapshot({ clusterRoles: [clusterRole('edit', EDIT_AGGREGATED_RULES)], clusterRoleBindings: [clusterRoleBinding('spark-role', 'edit', [serviceAccount('spark', 'team-a')])] });
    const found = rbacFindings({ ...base, snapshot: filled, serviceAccounts: [sa] });
    expect(ids(found)).toEqual(['docs-edit-binding:ClusterRoleBinding/spark-role']);
    expect(found[0]!.detail).toContain('kubectl create clusterrolebinding spark-role --clusterrole=edit');

    const bare = snapshot({
      clusterRoles: [aggregatedClusterRole('edit', [{ 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }]), clusterRole('system:aggregate-to-edit', EDIT_AGGREGATED_RULES, { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' })],
      clusterRoleBindings: [clusterRoleBinding('spark-role', 'edit', [serviceAccount('spark', 'team-a')])],
    });
    const onBare = rbacFindings({ ...base, snapshot: bare, serviceAccounts: [sa] });
    expect(onBare.find((f) => f.id.startsWith('docs-edit'))!.detail).toContain('stored rules are empty');
    expect(onBare.find((f) => f.id === 'aggregation-pending:ClusterRoleBinding/spark-role')).toMatchObject({ severity: 'info' });
    // Authorization uses the stored (empty) rules: Spark's needs are missing here.
    expect(ids(onBare)).toContain('missing:pods:create');
  });

  it('reports cluster-admin, cluster-wide pod creation and secrets access', () => {
    const s = snapshot({
      ...good,
      clusterRoles: [
        clusterRole('cluster-admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
        clusterRole('pod-maker', [{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }]),
        clusterRole('secret-reader', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }]),
      ],
      roleBindings: [...good.roleBindings, roleBinding('team-a', 'secrets', { kind: 'ClusterRole', name: 'secret-reader' }, [serviceAccount('spark')])],
      clusterRoleBindings: [
        clusterRoleBinding('admins', 'cluster-admin', [group('system:serviceaccounts:team-a')]),
        clusterRoleBinding('pods-anywhere', 'pod-maker', [serviceAccount('spark', 'team-a')]),
        clusterRoleBinding('not-us', 'cluster-admin', [serviceAccount('spark', 'team-b')]),
      ],
    });
    const found = rbacFindings({ ...base, snapshot: s, serviceAccounts: [sa] });
    expect(found.map((f) => [f.id, f.severity])).toEqual([
      ['cluster-admin:ClusterRoleBinding/admins', 'danger'],
      ['cluster-wide-pod-create:ClusterRoleBinding/pods-anywhere', 'warning'],
      ['secrets:RoleBinding/team-a/secrets', 'warning'],
    ]);
    expect(found[0]!.subjects).toEqual(['ServiceAccount "spark/team-a"', 'Group "system:serviceaccounts:team-a"']);
    expect(found[1]!.subjects).toEqual(['ServiceAccount "spark/team-a"']);
    expect(found[0]!.bindings).toEqual([{ kind: 'ClusterRoleBinding', name: 'admins' }]);
  });

  it('reports bindings whose role does not exist', () => {
    const s = snapshot({ ...good, roleBindings: [...good.roleBindings, roleBinding('team-a', 'old', { kind: 'Role', name: 'deleted' }, [serviceAccount('spark')])] });
    expect(rbacFindings({ ...base, snapshot: s, serviceAccounts: [sa] })).toMatchObject([{ id: 'role-missing:RoleBinding/team-a/old', severity: 'warning' }]);
  });
});
