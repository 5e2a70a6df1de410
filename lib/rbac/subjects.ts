// Who a request is, as RBAC sees it: the user name and groups a service account acts as
// (k8s.io/apiserver serviceaccount.MakeUsername / MakeGroupNames), whether a binding's subject
// applies to a user (pkg/registry/rbac/validation `appliesToUser`), and how the authorizer
// names a subject in its reasons (`describeSubject`).

import type { KubeSubject } from '../kube/types';

export interface RbacUser {
  name: string;
  groups: readonly string[];
}

export const SERVICE_ACCOUNT_USER_PREFIX = 'system:serviceaccount:';
export const ALL_SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';
export const AUTHENTICATED_GROUP = 'system:authenticated';
/** user.SystemPrivilegedGroup: allowed everything before RBAC is asked. */
export const MASTERS_GROUP = 'system:masters';

export const serviceAccountUsername = (namespace: string, name: string) => `${SERVICE_ACCOUNT_USER_PREFIX}${namespace}:${name}`;

/**
 * The identity a pod running as `namespace/name` presents with its token: the service account
 * user, the two service-account groups, and system:authenticated (added by the authenticator).
 */
export function serviceAccountUser(namespace: string, name: string): RbacUser {
  return {
    name: serviceAccountUsername(namespace, name),
    groups: [ALL_SERVICE_ACCOUNTS_GROUP, `${ALL_SERVICE_ACCOUNTS_GROUP}:${namespace}`, AUTHENTICATED_GROUP],
  };
}

/** serviceaccount.SplitUsername: null for a user name that is not a service account's. */
export function parseServiceAccountUsername(username: string): { namespace: string; name: string } | null {
  if (!username.startsWith(SERVICE_ACCOUNT_USER_PREFIX)) return null;
  const parts = username.slice(SERVICE_ACCOUNT_USER_PREFIX.length).split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  return { namespace: parts[0], name: parts[1] };
}

/**
 * Whether `subject` of a binding applies to `user`. `bindingNamespace` is the RoleBinding's
 * namespace ('' for a ClusterRoleBinding): a ServiceAccount subject without a namespace means
 * that namespace, and in a ClusterRoleBinding such a subject applies to nobody. The subject's
 * apiGroup is not looked at, and unknown kinds apply to nobody, as in appliesToUser.
 */
export function subjectMatches(subject: KubeSubject, user: RbacUser, bindingNamespace = ''): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      if (!namespace) return false;
      // serviceaccount.MatchesUsername: the exact user name, compared piece by piece.
      return user.name === serviceAccountUsername(namespace, subject.name);
    }
    default:
      return false;
  }
}

/** appliesTo: the index of the first subject that applies, or -1. */
export function firstMatchingSubject(subjects: readonly KubeSubject[] | null | undefined, user: RbacUser, bindingNamespace = ''): number {
  return (subjects ?? []).findIndex((s) => subjectMatches(s, user, bindingNamespace));
}

/** `User "alice"`, `Group "devs"`, `ServiceAccount "spark/team-a"` (name/namespace), as in RBAC reasons. */
export function describeSubject(subject: KubeSubject, bindingNamespace = ''): string {
  if (subject.kind === 'ServiceAccount') return `${subject.kind} ${goQuote(`${subject.name}/${subject.namespace || bindingNamespace}`)}`;
  return `${subject.kind} ${goQuote(subject.name)}`;
}

/**
 * Go's %q for the strings RBAC reasons quote. Kubernetes names are printable ASCII, for which
 * JSON string escaping is identical; other characters would differ only in escape style.
 */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}
