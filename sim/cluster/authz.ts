// Who a request is and what it may do, in kube-apiserver's order: authentication (client
// certificate from our CA, bearer token, else system:anonymous), then authorization: the
// system:masters group, then an authorizer: by default RBAC over the stored objects
// (rbacAuthorizer.ts); a custom one gets the bootstrap ClusterRoles every cluster binds
// (public-info-viewer, discovery, basic-user) added, since it does not read them.

import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { AuthzAttributes } from './apiErrors';

export type { AuthzAttributes } from './apiErrors';

export interface UserInfo {
  name: string;
  groups: string[];
  uid?: string;
}

export interface AuthorizationDecision {
  allowed: boolean;
  /** Appended to the Forbidden message and returned in access reviews. */
  reason?: string;
  /** An explicit deny (SubjectAccessReview status.denied). */
  denied?: boolean;
}

/** The pluggable authorizer: consulted for everyone but system:masters and the bootstrap rules. */
export type Authorizer = (user: string, groups: string[], attributes: AuthzAttributes) => AuthorizationDecision;

export interface TokenIdentity {
  user: string;
  groups?: string[];
  uid?: string;
}

export const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

/** The identity a TLS connection's client certificate proves, worked out once per connection. */
const certIdentity = new WeakMap<object, UserInfo | null | 'invalid'>();

/** Returns the user, null for no credentials (anonymous), or 'invalid' for credentials that do not verify (401). */
export function authenticate(req: IncomingMessage, tokens: ReadonlyMap<string, TokenIdentity>): UserInfo | null | 'invalid' {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    const identity = m ? tokens.get(m[1]!.trim()) : undefined;
    if (!identity) return 'invalid';
    return { name: identity.user, groups: withAuthenticated(identity.groups ?? []), ...(identity.uid ? { uid: identity.uid } : {}) };
  }
  const socket = req.socket as TLSSocket;
  const known = certIdentity.get(socket);
  if (known !== undefined) return known;
  const identity = certificateIdentity(socket);
  certIdentity.set(socket, identity);
  return identity;
}

function certificateIdentity(socket: TLSSocket): UserInfo | null | 'invalid' {
  if (typeof socket.getPeerCertificate === 'function') {
    const cert = socket.getPeerCertificate();
    if (cert && Object.keys(cert).length > 0) {
      // requestCert without rejectUnauthorized: an unverifiable certificate reaches us and,
      // as with the real x509 authenticator, is a 401 rather than a handshake failure.
      if (!socket.authorized) return 'invalid';
      const subject = cert.subject as unknown as Record<string, string | string[] | undefined>;
      const cn = subject.CN;
      const o = subject.O;
      const name = Array.isArray(cn) ? cn[0]! : (cn ?? '');
      const groups = o === undefined ? [] : Array.isArray(o) ? o : [o];
      return { name, groups: withAuthenticated(groups) };
    }
  }
  return null;
}

function withAuthenticated(groups: string[]): string[] {
  return groups.includes('system:authenticated') ? groups : [...groups, 'system:authenticated'];
}

const PUBLIC_INFO_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/']);

function pathMatches(path: string, patterns: string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : path === p));
}

/**
 * The bootstrap policy (plugin/pkg/auth/authorizer/rbac/bootstrappolicy): what every cluster
 * allows through system:public-info-viewer, system:discovery and system:basic-user.
 */
export function bootstrapAllows(user: UserInfo, a: AuthzAttributes): boolean {
  if (user.groups.includes('system:masters')) return true;
  const authenticated = user.groups.includes('system:authenticated');
  if (!a.resourceRequest) {
    if (a.verb !== 'get') return false;
    if (PUBLIC_INFO_PATHS.has(a.path) || pathMatches(a.path, ['/healthz/*', '/livez/*', '/readyz/*'])) return true;
    return authenticated && pathMatches(a.path, ['/api', '/api/*', '/apis', '/apis/*', '/openapi', '/openapi/*']);
  }
  if (!authenticated || a.verb !== 'create') return false;
  if (a.apiGroup === 'authorization.k8s.io') return a.resource === 'selfsubjectaccessreviews' || a.resource === 'selfsubjectrulesreviews';
  return a.apiGroup === 'authentication.k8s.io' && a.resource === 'selfsubjectreviews';
}

export function decide(user: UserInfo, a: AuthzAttributes, authorizer: Authorizer): AuthorizationDecision {
  if (user.groups.includes('system:masters')) return { allowed: true };
  return authorizer(user.name, user.groups, a);
}

/**
 * A custom authorizer plus the bootstrap rules it does not know about. The default RBAC
 * authorizer needs no such help: it reads the bootstrap bindings seed.ts stores, and so gives
 * the real server's reasons ("RBAC: allowed by ClusterRoleBinding \"system:discovery\" …").
 */
export function withBootstrapPolicy(authorizer: Authorizer): Authorizer {
  return (name, groups, a) => {
    const decision = authorizer(name, groups, a);
    return decision.allowed || !bootstrapAllows({ name, groups }, a) ? decision : { allowed: true };
  };
}

interface ReviewSpec {
  user?: string;
  groups?: string[];
  uid?: string;
  resourceAttributes?: { namespace?: string; verb?: string; group?: string; version?: string; resource?: string; subresource?: string; name?: string };
  nonResourceAttributes?: { path?: string; verb?: string };
}

/** Attributes an access review asks about, in the authorizer's terms. */
export function reviewAttributes(spec: ReviewSpec): AuthzAttributes {
  const r = spec.resourceAttributes;
  if (r) {
    return {
      verb: r.verb ?? '', apiGroup: r.group ?? '', apiVersion: r.version ?? '', resource: r.resource ?? '', subresource: r.subresource ?? '',
      namespace: r.namespace ?? '', name: r.name ?? '', resourceRequest: true, path: '',
    };
  }
  const n = spec.nonResourceAttributes ?? {};
  return { verb: n.verb ?? '', apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '', resourceRequest: false, path: n.path ?? '' };
}

/** SubjectAccessReviewStatus as the real server fills it (empty fields omitted). */
export function reviewStatus(d: AuthorizationDecision): Record<string, unknown> {
  const status: Record<string, unknown> = { allowed: d.allowed };
  if (d.denied) status.denied = true;
  if (d.reason) status.reason = d.reason;
  return status;
}

/** SelfSubjectRulesReview: wildcard for masters; for others only the bootstrap rules, marked incomplete. */
export function rulesReviewStatus(user: UserInfo): Record<string, unknown> {
  if (user.groups.includes('system:masters')) {
    return {
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    };
  }
  return {
    resourceRules: [
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
    ],
    nonResourceRules: [
      { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
    ],
    // The pluggable authorizer cannot enumerate its rules.
    incomplete: true,
  };
}
