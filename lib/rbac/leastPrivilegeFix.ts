// The least-privilege fix for a driver service account: one Role and one RoleBinding in its
// namespace granting exactly the Spark needs it lacks (nothing cluster-wide, no wildcards),
// as objects and as commented YAML ready for `kubectl apply -f`. Names avoid every Role and
// RoleBinding already in the namespace, so applying the fix never rewrites an existing grant.

import type { KubePolicyRule, KubeRole, KubeRoleBinding } from '../kube/types';
import type { RbacSnapshot } from './resolvePermissions';
import type { DriverNeed, NeedCheck } from './sparkDriverNeeds';
import { commented, toYaml, type YamlValue } from './yaml';

export interface LeastPrivilegeFixInput {
  namespace: string;
  serviceAccount: string;
  /** The needs to grant (typically `missingNeeds(checks)`). */
  missing: readonly DriverNeed[];
  /** When given, the generated names avoid its Roles and RoleBindings in `namespace`. */
  snapshot?: RbacSnapshot;
  /** Base name for the Role and RoleBinding (default `spark-driver-<serviceAccount>`). */
  name?: string;
}

export interface LeastPrivilegeFix {
  role: KubeRole;
  roleBinding: KubeRoleBinding;
  yaml: string;
}

const RBAC_V1 = 'rbac.authorization.k8s.io/v1';

export const missingNeeds = (checks: readonly NeedCheck[]): DriverNeed[] => checks.filter((c) => !c.allowed).map((c) => c.need);

function freeName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** One rule per (apiGroup, resource), in the needs' order, verbs in the needs' order. */
function groupRules(missing: readonly DriverNeed[]): { rule: KubePolicyRule; needs: DriverNeed[] }[] {
  const groups = new Map<string, { rule: KubePolicyRule; needs: DriverNeed[] }>();
  for (const n of missing) {
    const key = `${n.apiGroup}|${n.resource}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { rule: { apiGroups: [n.apiGroup], resources: [n.resource], verbs: [] }, needs: [] }));
    if (!g.rule.verbs.includes(n.verb)) {
      g.rule.verbs.push(n.verb);
      g.needs.push(n);
    }
  }
  return [...groups.values()];
}

/** null when nothing is missing. */
export function leastPrivilegeFix(input: LeastPrivilegeFixInput): LeastPrivilegeFix | null {
  if (input.missing.length === 0) return null;
  const { namespace, serviceAccount } = input;
  const base = input.name ?? `spark-driver-${serviceAccount}`;
  const inNs = <T extends { metadata?: { name?: string; namespace?: string } }>(list: readonly T[] | undefined) =>
    new Set((list ?? []).filter((o) => o.metadata?.namespace === namespace).map((o) => o.metadata?.name ?? ''));
  const roleName = freeName(base, inNs(input.snapshot?.roles));
  const bindingName = freeName(base, inNs(input.snapshot?.roleBindings));
  const grouped = groupRules(input.missing);

  const roleMeta = { name: roleName, namespace };
  const role: KubeRole = { apiVersion: RBAC_V1, kind: 'Role', metadata: roleMeta, rules: grouped.map((g) => g.rule) };
  const roleBinding = {
    apiVersion: RBAC_V1,
    kind: 'RoleBinding',
    metadata: { name: bindingName, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace }],
  } satisfies KubeRoleBinding;

  const header = [
    `Least-privilege RBAC for the Spark driver service account ${namespace}/${serviceAccount}.`,
    `It grants only what the driver calls and lacks, in namespace ${namespace} only`,
    '(a Role and a RoleBinding: executors always run in the driver\'s namespace).',
  ];
  const roleYaml: YamlValue = {
    apiVersion: RBAC_V1,
    kind: 'Role',
    metadata: roleMeta,
    rules: grouped.map((g) =>
      commented(
        g.needs.map((n) => `${n.resource} ${n.verb}: ${n.why}.`),
        { apiGroups: g.rule.apiGroups!, resources: g.rule.resources!, verbs: g.rule.verbs },
      ),
    ),
  };
  const yaml = `${header.map((l) => `# ${l}`).join('\n')}\n${toYaml(roleYaml)}---\n${toYaml(roleBinding)}`;
  return { role, roleBinding, yaml };
}
