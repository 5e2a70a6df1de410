// ClusterRole aggregation as kube-controller-manager's clusterrole-aggregation controller
// computes it: the union (deduplicated, selectors in order, matching roles by name) of the
// rules of every other ClusterRole whose labels match a clusterRoleSelector. Informative only:
// the authorizer reads a role's STORED rules, which the controller fills in if it runs.

import type { KubePolicyRule, KubeRole } from '../kube/types';
import { labelSelectorMatches, type LabelSelector } from './labelSelector';

export interface AggregationView {
  selectors: LabelSelector[];
  /** What the authorizer uses: the rules stored on the role right now. */
  storedRules: KubePolicyRule[];
  /** What the controller would store once it has caught up (followed through nested aggregation). */
  wouldAggregate: KubePolicyRule[];
  /** Where each rule of `wouldAggregate` comes from (same order). */
  sources: { clusterRole: string; ruleIndex: number }[];
  /** Stored rules equal the aggregation, so the controller has nothing left to do. */
  upToDate: boolean;
}

// equality.Semantic.DeepEqual treats nil and empty lists alike; order inside a list matters.
const ruleKey = (r: KubePolicyRule) =>
  JSON.stringify([r.verbs ?? [], r.apiGroups ?? [], r.resources ?? [], r.resourceNames ?? [], r.nonResourceURLs ?? []]);

export const sameRules = (a: readonly KubePolicyRule[], b: readonly KubePolicyRule[]) =>
  a.length === b.length && a.every((r, i) => ruleKey(r) === ruleKey(b[i]!));

const nameOf = (r: KubeRole) => r.metadata?.name ?? '';

/**
 * One controller pass over every aggregated ClusterRole, repeated until nothing changes, so a
 * role aggregating another aggregated role sees that role's final rules (the controller reaches
 * the same state by re-queueing on each update). Bounded: a cycle of aggregations cannot spin.
 */
function converge(clusterRoles: readonly KubeRole[]): Map<string, { rules: KubePolicyRule[]; sources: AggregationView['sources'] }> {
  const byName = [...clusterRoles].sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
  const current = new Map<string, { rules: KubePolicyRule[]; sources: AggregationView['sources'] }>();
  for (const r of byName) current.set(nameOf(r), { rules: r.rules ?? [], sources: (r.rules ?? []).map((_, i) => ({ clusterRole: nameOf(r), ruleIndex: i })) });
  for (let pass = 0; pass < 2 * byName.length + 2; pass++) {
    let changed = false;
    for (const role of byName) {
      if (!role.aggregationRule) continue;
      const rules: KubePolicyRule[] = [];
      const sources: AggregationView['sources'] = [];
      const seen = new Set<string>();
      for (const selector of role.aggregationRule.clusterRoleSelectors ?? []) {
        for (const other of byName) {
          if (nameOf(other) === nameOf(role) || !labelSelectorMatches(selector, other.metadata?.labels)) continue;
          const o = current.get(nameOf(other))!;
          o.rules.forEach((rule, i) => {
            const k = ruleKey(rule);
            if (seen.has(k)) return;
            seen.add(k);
            rules.push(rule);
            sources.push(o.sources[i]!);
          });
        }
      }
      if (!sameRules(rules, current.get(nameOf(role))!.rules)) changed = true;
      current.set(nameOf(role), { rules, sources });
    }
    if (!changed) break;
  }
  return current;
}

/** The aggregation view of one ClusterRole, or null when it has no aggregationRule. */
export function aggregationOf(clusterRoles: readonly KubeRole[], role: KubeRole): AggregationView | null {
  if (!role.aggregationRule) return null;
  const converged = converge(clusterRoles).get(nameOf(role)) ?? { rules: [], sources: [] };
  const storedRules = role.rules ?? [];
  return {
    selectors: role.aggregationRule.clusterRoleSelectors ?? [],
    storedRules,
    wouldAggregate: converged.rules,
    sources: converged.sources,
    upToDate: sameRules(storedRules, converged.rules),
  };
}
