// The driver's permission table and its check against snapshots and review functions.

import { describe, expect, it } from 'vitest';
import type { RequestAttributes } from './ruleMatch';
import { checkDriverNeeds, checkDriverNeedsAsync, driverNeeds, SPARK_DRIVER_NEEDS } from './sparkDriverNeeds';
import { clusterRole, clusterRoleBinding, EDIT_AGGREGATED_RULES, role, roleBinding, serviceAccount, snapshot, SPARK_DRIVER_RULES } from './testing/rbacFixtures';

const options = { namespace: 'team-a', serviceAccount: 'spark', usesOnDemandClaims: false };

describe('the driver needs table', () => {
  it('lists what Spark calls in its namespace, claims only for on-demand claims', () => {
    expect(driverNeeds({ usesOnDemandClaims: false }).map((n) => n.id)).toEqual([
      'pods:get', 'pods:list', 'pods:watch', 'pods:create', 'pods:delete', 'pods:deletecollection', 'pods:patch',
      'configmaps:create', 'configmaps:delete', 'configmaps:list', 'services:delete',
    ]);
    expect(driverNeeds({ usesOnDemandClaims: true }).slice(-3).map((n) => n.id)).toEqual(['persistentvolumeclaims:create', 'persistentvolumeclaims:list', 'persistentvolumeclaims:delete']);
  });

  it('says why for every need, in the core group', () => {
    for (const n of SPARK_DRIVER_NEEDS) {
      expect(n.apiGroup).toBe('');
      expect(n.why.length).toBeGreaterThan(20);
      expect(n.impact.length).toBeGreaterThan(10);
    }
    expect(new Set(SPARK_DRIVER_NEEDS.map((n) => n.id)).size).toBe(SPARK_DRIVER_NEEDS.length);
  });
});

describe('checkDriverNeeds', () => {
  it('finds everything granted by the recommended Role, with the granting binding', () => {
    const s = snapshot({ roles: [role('team-a', 'driver', SPARK_DRIVER_RULES)], roleBindings: [roleBinding('team-a', 'driver', { kind: 'Role', name: 'driver' }, [serviceAccount('spark')])] });
    const checks = checkDriverNeeds(s, options);
    expect(checks.every((c) => c.allowed)).toBe(true);
    expect(checks.find((c) => c.need.id === 'services:delete')?.grantedBy).toMatchObject({ binding: { kind: 'RoleBinding', name: 'driver', namespace: 'team-a' }, ruleIndex: 2 });
    // The same Role lacks what on-demand claims need.
    const withClaims = checkDriverNeeds(s, { ...options, usesOnDemandClaims: true });
    expect(withClaims.filter((c) => !c.allowed).map((c) => c.need.id)).toEqual(['persistentvolumeclaims:create', 'persistentvolumeclaims:list', 'persistentvolumeclaims:delete']);
  });

  it('reports what a partial Role lacks, and that the docs\' edit binding grants everything once aggregated', () => {
    const partial = snapshot({
      roles: [role('team-a', 'limited', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'patch'] }])],
      roleBindings: [roleBinding('team-a', 'limited', { kind: 'Role', name: 'limited' }, [serviceAccount('spark', 'team-a')])],
    });
    expect(checkDriverNeeds(partial, options).filter((c) => !c.allowed).map((c) => c.need.id)).toEqual([
      'pods:delete', 'pods:deletecollection', 'configmaps:create', 'configmaps:delete', 'configmaps:list', 'services:delete',
    ]);
    const docs = snapshot({ clusterRoles: [clusterRole('edit', EDIT_AGGREGATED_RULES)], clusterRoleBindings: [clusterRoleBinding('spark-role', 'edit', [serviceAccount('spark', 'team-a')])] });
    expect(checkDriverNeeds(docs, { ...options, usesOnDemandClaims: true }).every((c) => c.allowed)).toBe(true);
  });

  it('asks a review function (an access review) instead of a snapshot when given one', async () => {
    const asked: RequestAttributes[] = [];
    const users = new Set<string>();
    const checks = checkDriverNeeds((u, a) => {
      users.add(`${u.name} ${u.groups.join(',')}`);
      asked.push(a);
      return { allowed: a.resource === 'pods', reason: 'webhook says so' };
    }, options);
    expect([...users]).toEqual(['system:serviceaccount:team-a:spark system:serviceaccounts,system:serviceaccounts:team-a,system:authenticated']);
    expect(asked[0]).toEqual({ verb: 'get', apiGroup: '', resource: 'pods', namespace: 'team-a' });
    expect(checks.filter((c) => c.allowed).length).toBe(7);
    expect(checks[0]).toEqual({ need: SPARK_DRIVER_NEEDS[0], allowed: true, reason: 'webhook says so' });
    const async = await checkDriverNeedsAsync(async (_u, a) => ({ allowed: a.verb === 'delete' }), options);
    expect(async.filter((c) => c.allowed).map((c) => c.need.id)).toEqual(['pods:delete', 'configmaps:delete', 'services:delete']);
  });
});
