// The embedded cluster's RBAC: every request and access review not settled by system:masters is
// decided by lib/rbac's `authorize` over the Roles, ClusterRoles and bindings in our own store
// (including the bootstrap ones seed.ts creates), so the cluster and the dashboard's resolver
// cannot disagree. The snapshot is re-read only when one of the four RBAC kinds has changed.

import type { KubeRole, KubeRoleBinding } from '../../lib/kube/types';
import { authorize, type RbacSnapshot } from '../../lib/rbac/resolvePermissions';
import type { RequestAttributes } from '../../lib/rbac/ruleMatch';
import type { AuthzAttributes, Authorizer } from './authz';
import type { ObjectStore } from './objectStore';
import { CLUSTER_ROLE, CLUSTER_ROLE_BINDING, ROLE, ROLE_BINDING, type ResourceType } from './resources';
import type { StoredObject } from './storedObject';

const RBAC_KINDS = [ROLE, CLUSTER_ROLE, ROLE_BINDING, CLUSTER_ROLE_BINDING] as const;

export function toRequestAttributes(a: AuthzAttributes): RequestAttributes {
  if (!a.resourceRequest) return { verb: a.verb, apiGroup: '', nonResourcePath: a.path };
  return { verb: a.verb, apiGroup: a.apiGroup, resource: a.resource, subresource: a.subresource, name: a.name, namespace: a.namespace };
}

/** Every write to a kind, deletions included, moves its revision: the RBAC objects changed when one moved. */
function signature(store: ObjectStore, kinds: readonly ResourceType[]): string {
  return kinds.map((k) => store.kindRevision(k)).join(',');
}

const parse = <T>(objects: StoredObject[]) => objects.map((o) => JSON.parse(o.json) as T);

export function rbacSnapshotOf(store: ObjectStore): RbacSnapshot {
  return {
    roles: parse<KubeRole>(store.range(ROLE, '')),
    clusterRoles: parse<KubeRole>(store.range(CLUSTER_ROLE, '')),
    roleBindings: parse<KubeRoleBinding>(store.range(ROLE_BINDING, '')),
    clusterRoleBindings: parse<KubeRoleBinding>(store.range(CLUSTER_ROLE_BINDING, '')),
  };
}

/** RBAC over `store`'s objects, as kube-apiserver's --authorization-mode=RBAC decides. */
export function rbacAuthorizer(store: ObjectStore): Authorizer {
  let cached: { signature: string; snapshot: RbacSnapshot } | null = null;
  return (user, groups, attributes) => {
    const sig = signature(store, RBAC_KINDS);
    if (cached?.signature !== sig) cached = { signature: sig, snapshot: rbacSnapshotOf(store) };
    const result = authorize(cached.snapshot, { name: user, groups }, toRequestAttributes(attributes));
    return { allowed: result.allowed, reason: result.reason };
  };
}
