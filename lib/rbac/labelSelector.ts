// metav1.LabelSelector matching (matchLabels AND matchExpressions), as the ClusterRole
// aggregation controller applies each clusterRoleSelector through LabelSelectorAsSelector.
// An empty selector selects everything; an unusable one (unknown operator, In without values)
// selects nothing, since the controller gives up on that role rather than guessing.

import type { KubeRole } from '../kube/types';

/** metav1.LabelSelector, as KubeRole's aggregationRule.clusterRoleSelectors declares it. */
export type LabelSelector = NonNullable<NonNullable<KubeRole['aggregationRule']>['clusterRoleSelectors']>[number];
export type LabelSelectorRequirement = NonNullable<LabelSelector['matchExpressions']>[number];

function requirementMatches(r: LabelSelectorRequirement, labels: Readonly<Record<string, string>>): boolean | null {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return values.length === 0 ? null : has && values.includes(labels[r.key]!);
    case 'NotIn':
      return values.length === 0 ? null : !has || !values.includes(labels[r.key]!);
    case 'Exists':
      return values.length > 0 ? null : has;
    case 'DoesNotExist':
      return values.length > 0 ? null : !has;
    default:
      return null;
  }
}

export function labelSelectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const r of selector.matchExpressions ?? []) {
    if (requirementMatches(r, l) !== true) return false;
  }
  return true;
}
