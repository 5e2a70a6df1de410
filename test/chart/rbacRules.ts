// RBAC rules as a set of single grants, so that two ways of writing the same permissions
// (one rule with two resources, or two rules) compare equal.

import type { KubePolicyRule } from '../../lib/kube/types';

/** Each (apiGroup, resource, verb) a rule list allows, as "group/resource:verb", sorted and unique. */
export function grants(rules: readonly KubePolicyRule[]): string[] {
  const out = new Set<string>();
  for (const r of rules) {
    if (r.nonResourceURLs?.length || r.resourceNames?.length) throw new Error(`a rule the dashboard never needs: ${JSON.stringify(r)}`);
    for (const g of r.apiGroups ?? []) for (const res of r.resources ?? []) for (const v of r.verbs) out.add(`${g || 'core'}/${res}:${v}`);
  }
  return [...out].sort();
}
