// Who a person is, as Kubernetes RBAC knows them: a user name and groups (from an
// authenticating proxy's headers or an ID token's claims). The dashboard asks Kubernetes what
// this identity may read; nothing here decides access.

export interface Identity {
  user: string;
  groups: readonly string[];
  /** Shown beside the user when the proxy sent one; not used for access. */
  email?: string;
}

/** The group kube-apiserver adds to every authenticated user; RoleBindings to it apply to everyone signed in. */
export const AUTHENTICATED_GROUP = 'system:authenticated';

/** "alice, groups: data-eng, oncall" as sentences naming a person put it. */
export function describeIdentity(identity: Identity): string {
  return `${identity.user}, ${identity.groups.length ? `groups: ${identity.groups.join(', ')}` : 'no groups'}`;
}

/** The groups a SubjectAccessReview is asked with: the person's, plus system:authenticated as kube-apiserver adds it. */
export function reviewGroups(identity: Identity): string[] {
  return identity.groups.includes(AUTHENTICATED_GROUP) ? [...identity.groups] : [...identity.groups, AUTHENTICATED_GROUP];
}

/** Who is behind a request, for the audit log and per-identity limits: a person, a kiosk token, or nobody asked (--auth none). */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; identity: Identity }
  | { kind: 'token'; label: string };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

/** "user:alice", "token:lobby-wall": the key per-identity limits count by; null for nobody asked (per-address limits apply). */
export function principalKey(principal: Principal): string | null {
  if (principal.kind === 'user') return `user:${principal.identity.user}`;
  if (principal.kind === 'token') return `token:${principal.label}`;
  return null;
}
