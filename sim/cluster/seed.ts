// What a fresh kube-apiserver creates by itself before anyone calls it: the four system
// namespaces, the `kubernetes` Service, and the bootstrap ClusterRoles/Bindings a dashboard
// will see (with admin/edit/view left rule-less, as without kube-controller-manager).

import { updateManagedFields } from './managedFields';
import type { ObjectStore } from './objectStore';
import { CLUSTER_ROLE, CLUSTER_ROLE_BINDING, NAMESPACE, SERVICE, type ResourceType } from './resources';
import { apiVersionOf, type KubeObject } from './storedObject';

const BOOTSTRAP_META = {
  labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
};

const RBAC = 'rbac.authorization.k8s.io';

const CLUSTER_ROLES: KubeObject[] = [
  { metadata: { name: 'cluster-admin' }, rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }] },
  { metadata: { name: 'system:basic-user' }, rules: [{ verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] }, { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] }] },
  { metadata: { name: 'system:discovery' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] }] },
  { metadata: { name: 'system:public-info-viewer' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] }] },
  // The aggregated roles: their rules are filled in by a controller that does not run here.
  ...['admin', 'edit', 'view'].map((name) => ({
    metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${name}`]: 'true' } }] },
    rules: null,
  })),
];

const binding = (name: string, groups: string[]): KubeObject => ({
  metadata: { name },
  subjects: groups.map((g) => ({ kind: 'Group', apiGroup: RBAC, name: g })),
  roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name },
});

const CLUSTER_ROLE_BINDINGS: KubeObject[] = [
  binding('cluster-admin', ['system:masters']),
  binding('system:basic-user', ['system:authenticated']),
  binding('system:discovery', ['system:authenticated']),
  binding('system:public-info-viewer', ['system:authenticated', 'system:unauthenticated']),
];

export function seedCluster(store: ObjectStore, options: { port: number; managedFields: boolean }): void {
  const put = (type: ResourceType, obj: KubeObject) => {
    const meta = (obj.metadata ??= {});
    if (!meta.labels && !meta.annotations && type.group === RBAC) Object.assign(meta, structuredClone(BOOTSTRAP_META));
    else if (type.group === RBAC) meta.annotations = { ...BOOTSTRAP_META.annotations };
    type.prepareForCreate?.(obj, { now: store.timestamp(), allocateClusterIP: () => '10.0.0.1' });
    if (options.managedFields) {
      meta.managedFields = updateManagedFields(undefined, obj, { manager: 'kube-apiserver', apiVersion: apiVersionOf(type), time: store.timestamp(), subresource: '', schema: type.mergeSchema });
    }
    store.create(type, obj);
  };
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) put(NAMESPACE, { metadata: { name } });
  put(SERVICE, {
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: options.port }], clusterIP: '10.0.0.1' },
  });
  for (const role of CLUSTER_ROLES) put(CLUSTER_ROLE, structuredClone(role));
  for (const b of CLUSTER_ROLE_BINDINGS) put(CLUSTER_ROLE_BINDING, structuredClone(b));
}
