// RBAC objects by name for tests, shaped as the API serves them: Roles, ClusterRoles (plain
// or aggregated), bindings with subjects, and the two shapes Spark users meet most (the docs'
// `edit` ClusterRoleBinding and a namespaced Role for the driver).

import type { KubePolicyRule, KubeRole, KubeRoleBinding, KubeSubject } from '../../kube/types';
import type { RbacSnapshot } from '../resolvePermissions';

const RBAC = 'rbac.authorization.k8s.io';

export const role = (namespace: string, name: string, rules: KubePolicyRule[]): KubeRole => ({ kind: 'Role', metadata: { name, namespace }, rules });

export const clusterRole = (name: string, rules: KubePolicyRule[] | null, labels?: Record<string, string>): KubeRole => ({
  kind: 'ClusterRole', metadata: { name, ...(labels ? { labels } : {}) }, rules,
});

export const aggregatedClusterRole = (name: string, matchLabels: Record<string, string>[], stored: KubePolicyRule[] | null = null): KubeRole => ({
  ...clusterRole(name, stored),
  aggregationRule: { clusterRoleSelectors: matchLabels.map((m) => ({ matchLabels: m })) },
});

export const user = (name: string): KubeSubject => ({ kind: 'User', apiGroup: RBAC, name });
export const group = (name: string): KubeSubject => ({ kind: 'Group', apiGroup: RBAC, name });
export const serviceAccount = (name: string, namespace?: string): KubeSubject => ({ kind: 'ServiceAccount', name, ...(namespace ? { namespace } : {}) });

export const roleBinding = (namespace: string, name: string, roleRef: { kind: 'Role' | 'ClusterRole'; name: string }, subjects: KubeSubject[]): KubeRoleBinding => ({
  kind: 'RoleBinding', metadata: { name, namespace }, roleRef: { apiGroup: RBAC, ...roleRef }, subjects,
});

export const clusterRoleBinding = (name: string, roleName: string, subjects: KubeSubject[]): KubeRoleBinding => ({
  kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: roleName }, subjects,
});

export function snapshot(parts: Partial<RbacSnapshot>): RbacSnapshot {
  return { roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [], ...parts };
}

/** The rules `edit` gets on a cluster whose aggregation controller ran (an excerpt: pods, config maps, services, secrets). */
export const EDIT_AGGREGATED_RULES: KubePolicyRule[] = [
  { apiGroups: [''], resources: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'] },
  { apiGroups: [''], resources: ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'secrets', 'serviceaccounts', 'services'], verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'] },
  { apiGroups: [''], resources: ['configmaps', 'pods', 'persistentvolumeclaims', 'secrets', 'services'], verbs: ['get', 'list', 'watch'] },
];

/** The namespaced Role the reference recommends for a driver: exactly what Spark calls. */
export const SPARK_DRIVER_RULES: KubePolicyRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'delete', 'deletecollection', 'patch'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'delete', 'list'] },
  { apiGroups: [''], resources: ['services'], verbs: ['delete'] },
];
