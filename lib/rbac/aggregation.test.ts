// Label selectors and what the aggregation controller would store, against what is stored.

import { describe, expect, it } from 'vitest';
import { aggregationOf, sameRules } from './aggregation';
import { labelSelectorMatches } from './labelSelector';
import { aggregatedClusterRole, clusterRole } from './testing/rbacFixtures';

const toEdit = { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' };
const toView = { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' };
const podsRead = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] };
const podsWrite = { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete'] };
const jobs = { apiGroups: ['batch'], resources: ['jobs'], verbs: ['*'] };

describe('labelSelectorMatches', () => {
  it('needs every matchLabels pair', () => {
    expect(labelSelectorMatches({ matchLabels: { a: '1', b: '2' } }, { a: '1', b: '2', c: '3' })).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { a: '1', b: '2' } }, { a: '1' })).toBe(false);
    expect(labelSelectorMatches({ matchLabels: { a: '1' } }, undefined)).toBe(false);
  });
  it('applies In, NotIn, Exists and DoesNotExist', () => {
    const labels = { tier: 'gold', team: 'a' };
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold', 'silver'] }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['gold'] }] }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['x'] }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'team', operator: 'Exists' }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }, labels)).toBe(false);
  });
  it('selects everything when empty and nothing when unusable', () => {
    expect(labelSelectorMatches({}, {})).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] }, { tier: 'x' })).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Near' }] }, { tier: 'x' })).toBe(false);
  });
});

describe('aggregationOf', () => {
  it('is null for a role without aggregationRule', () => {
    const r = clusterRole('plain', [podsRead]);
    expect(aggregationOf([r], r)).toBeNull();
  });

  it('unions the rules of matching roles by name order, deduplicated, skipping itself', () => {
    const edit = aggregatedClusterRole('edit', [toEdit], null);
    const roles = [
      edit,
      clusterRole('z-pods', [podsRead, podsWrite], toEdit),
      clusterRole('a-jobs', [jobs, podsRead], toEdit),
      clusterRole('unrelated', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
    ];
    const view = aggregationOf(roles, edit)!;
    expect(view.storedRules).toEqual([]);
    expect(view.wouldAggregate).toEqual([jobs, podsRead, podsWrite]);
    expect(view.sources).toEqual([{ clusterRole: 'a-jobs', ruleIndex: 0 }, { clusterRole: 'a-jobs', ruleIndex: 1 }, { clusterRole: 'z-pods', ruleIndex: 1 }]);
    expect(view.upToDate).toBe(false);
  });

  it('follows aggregated roles that aggregate others (admin ⊇ edit ⊇ view), to the fixed point', () => {
    const admin = aggregatedClusterRole('admin', [{ 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' }]);
    const edit = { ...aggregatedClusterRole('edit', [toEdit]), metadata: { name: 'edit', labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } } };
    const view = { ...aggregatedClusterRole('view', [toView]), metadata: { name: 'view', labels: toEdit } };
    const roles = [admin, edit, view, clusterRole('pods-read', [podsRead], toView), clusterRole('pods-write', [podsWrite], toEdit)];
    expect(aggregationOf(roles, view)!.wouldAggregate).toEqual([podsRead]);
    expect(aggregationOf(roles, edit)!.wouldAggregate).toEqual([podsWrite, podsRead]);
    expect(aggregationOf(roles, admin)!.wouldAggregate).toEqual([podsWrite, podsRead]);
    expect(aggregationOf(roles, admin)!.sources.map((s) => s.clusterRole)).toEqual(['pods-write', 'pods-read']);
  });

  it('says up to date when the stored rules are what the controller would store', () => {
    const edit = aggregatedClusterRole('edit', [toEdit], [podsRead]);
    expect(aggregationOf([edit, clusterRole('p', [podsRead], toEdit)], edit)!.upToDate).toBe(true);
    // Nil and empty lists are the same to the controller (equality.Semantic).
    expect(sameRules([{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: [] }], [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }])).toBe(true);
  });

  it('terminates on aggregation cycles', () => {
    const a = { ...aggregatedClusterRole('a', [{ x: 'b' }], [podsRead]), metadata: { name: 'a', labels: { x: 'a' } } };
    const b = { ...aggregatedClusterRole('b', [{ x: 'a' }], [podsWrite]), metadata: { name: 'b', labels: { x: 'b' } } };
    expect(aggregationOf([a, b], a)).not.toBeNull();
  });
});
