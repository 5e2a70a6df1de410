// The namespaces, service accounts, Roles and bindings the simulated drivers run under, some
// of it deliberately wrong: a well-scoped Role per namespace, a Role missing `delete` on
// pods, the docs' `spark-role` ClusterRoleBinding to `edit`, a binding to cluster-admin, and
// a service account that is named by a driver but never created. A bare kube-apiserver has
// no controller to aggregate `edit`, so its rules are written here explicitly (and into a
// role labelled aggregate-to-edit, for readers that aggregate themselves).

import type { KubePolicyRule, KubeRole } from '../../lib/kube/types';

export interface FixtureObject {
  /** Collection path to POST to. */
  path: string;
  body: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } } & Record<string, unknown>;
}

export interface ServiceAccountRef {
  namespace: string;
  serviceAccount: string;
}

/** Which account a scenario's driver uses for which story. */
export interface RbacLayout {
  namespaces: string[];
  /** Per namespace: an account bound to exactly what a driver needs. */
  wellScoped: Record<string, string>;
  /** Bound to a Role without delete/deletecollection on pods. */
  missingPodDelete: ServiceAccountRef;
  /** `spark`, bound cluster-wide to `edit` the way the Spark docs show. */
  docsStyleEdit: ServiceAccountRef;
  /** Bound cluster-wide to cluster-admin. */
  clusterAdmin: ServiceAccountRef;
  /** Named by a driver, never created. */
  missing: ServiceAccountRef;
}

const RBAC = 'rbac.authorization.k8s.io';
const RBAC_V1 = `${RBAC}/v1`;
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ = ['get', 'list', 'watch'];

/** What a Spark driver calls (spark-k8s-reference.md section j), and nothing more. */
export const SPARK_DRIVER_RULES: KubePolicyRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'delete', 'deletecollection', 'patch'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'delete', 'list'] },
  { apiGroups: [''], resources: ['services'], verbs: ['delete'] },
  { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['create', 'list', 'delete'] },
];

const WITHOUT_POD_DELETE: KubePolicyRule[] = SPARK_DRIVER_RULES.map((r) =>
  r.resources?.includes('pods') ? { ...r, verbs: r.verbs.filter((v) => v !== 'delete' && v !== 'deletecollection') } : r,
);

/** The namespaced core of Kubernetes' aggregated `edit` role, written out. */
export const EDIT_RULES: KubePolicyRule[] = [
  { apiGroups: [''], resources: ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
  { apiGroups: [''], resources: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], verbs: WRITE },
  { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
  { apiGroups: [''], resources: ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'], verbs: WRITE },
  { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
  { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'], verbs: WRITE },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: WRITE },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: WRITE },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: WRITE },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: WRITE },
  { apiGroups: [''], resources: ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status'], verbs: READ },
  { apiGroups: [''], resources: ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status'], verbs: READ },
  { apiGroups: [''], resources: ['namespaces'], verbs: READ },
  { apiGroups: ['apps'], resources: ['controllerrevisions', 'daemonsets', 'deployments', 'replicasets', 'statefulsets'], verbs: READ },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: READ },
];

export const CLUSTER_ADMIN_RULES: KubePolicyRule[] = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  { nonResourceURLs: ['*'], verbs: ['*'] },
];

const bootstrapLabels = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

function serviceAccount(namespace: string, name: string): FixtureObject {
  return { path: `/api/v1/namespaces/${namespace}/serviceaccounts`, body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } } };
}

function role(namespace: string, name: string, rules: KubePolicyRule[]): FixtureObject {
  return { path: `/apis/${RBAC_V1}/namespaces/${namespace}/roles`, body: { apiVersion: RBAC_V1, kind: 'Role', metadata: { name, namespace }, rules } };
}

function binding(kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, roleRef: { kind: string; name: string }, sa: ServiceAccountRef): FixtureObject {
  const namespace = kind === 'RoleBinding' ? sa.namespace : undefined;
  return {
    path: namespace ? `/apis/${RBAC_V1}/namespaces/${namespace}/rolebindings` : `/apis/${RBAC_V1}/clusterrolebindings`,
    body: {
      apiVersion: RBAC_V1,
      kind,
      metadata: namespace ? { name, namespace } : { name },
      roleRef: { apiGroup: RBAC, ...roleRef },
      subjects: [{ kind: 'ServiceAccount', name: sa.serviceAccount, namespace: sa.namespace }],
    },
  };
}

export function clusterRole(name: string, rules: KubePolicyRule[], extra: Pick<KubeRole, 'aggregationRule'> = {}, labels: Record<string, string> = {}): FixtureObject & { body: KubeRole & FixtureObject['body'] } {
  return { path: `/apis/${RBAC_V1}/clusterroles`, body: { apiVersion: RBAC_V1, kind: 'ClusterRole', metadata: { name, labels: { ...bootstrapLabels, ...labels } }, rules, ...extra } };
}

const AGGREGATE_TO_EDIT = `${RBAC}/aggregate-to-edit`;

/** The objects to create, in order (namespaces first, cluster roles before their bindings). */
export function planRbac(namespaces: string[]): { layout: RbacLayout; objects: FixtureObject[] } {
  const ns = (i: number) => namespaces[i % namespaces.length]!;
  const layout: RbacLayout = {
    namespaces,
    wellScoped: Object.fromEntries(namespaces.map((n) => [n, 'spark-driver'])),
    missingPodDelete: { namespace: ns(1), serviceAccount: 'spark-limited' },
    docsStyleEdit: { namespace: ns(0), serviceAccount: 'spark' },
    clusterAdmin: { namespace: ns(2), serviceAccount: 'spark-admin' },
    missing: { namespace: ns(1), serviceAccount: 'spark-jobs' },
  };
  const objects: FixtureObject[] = namespaces.map((n) => ({
    path: '/api/v1/namespaces',
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: n, labels: { 'kubernetes.io/metadata.name': n, team: 'data-platform' } } },
  }));
  // As the bootstrap policy has it: the rules live in a role labelled aggregate-to-edit, and
  // `edit` carries them too, as the aggregation controller (absent here) would write them.
  objects.push(
    clusterRole('system:aggregate-to-edit', EDIT_RULES, {}, { [AGGREGATE_TO_EDIT]: 'true' }),
    clusterRole('edit', EDIT_RULES, { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [AGGREGATE_TO_EDIT]: 'true' } }] } }),
    clusterRole('cluster-admin', CLUSTER_ADMIN_RULES),
  );
  for (const n of namespaces) {
    objects.push(serviceAccount(n, 'default'), serviceAccount(n, 'spark-driver'));
    objects.push(role(n, 'spark-driver', SPARK_DRIVER_RULES));
    objects.push(binding('RoleBinding', 'spark-driver', { kind: 'Role', name: 'spark-driver' }, { namespace: n, serviceAccount: 'spark-driver' }));
  }
  const limited = layout.missingPodDelete;
  objects.push(serviceAccount(limited.namespace, limited.serviceAccount));
  objects.push(role(limited.namespace, 'spark-driver-limited', WITHOUT_POD_DELETE));
  objects.push(binding('RoleBinding', 'spark-driver-limited', { kind: 'Role', name: 'spark-driver-limited' }, limited));
  // `kubectl create clusterrolebinding spark-role --clusterrole=edit --serviceaccount=<ns>:spark`
  objects.push(serviceAccount(layout.docsStyleEdit.namespace, 'spark'));
  objects.push(binding('ClusterRoleBinding', 'spark-role', { kind: 'ClusterRole', name: 'edit' }, layout.docsStyleEdit));
  objects.push(serviceAccount(layout.clusterAdmin.namespace, layout.clusterAdmin.serviceAccount));
  objects.push(binding('ClusterRoleBinding', 'spark-admin-cluster-admin', { kind: 'ClusterRole', name: 'cluster-admin' }, layout.clusterAdmin));
  return { layout, objects };
}
