// An ID token's claims → the identity Kubernetes knows, mapped as kube-apiserver's OIDC
// authenticator maps them (--oidc-username-claim, --oidc-groups-claim and their prefixes), so
// the names asked about in SubjectAccessReviews are the names RoleBindings use.

import type { Identity } from './identity';

export interface ClaimMapping {
  issuer: string;
  usernameClaim: string;
  groupsClaim: string;
  /** Undefined: kube-apiserver's default (none for `email`, else the issuer and '#'); '-' for none. */
  usernamePrefix?: string;
  groupsPrefix?: string;
}

export type ClaimsOutcome = { ok: true; identity: Identity } | { ok: false; error: string };

/** kube-apiserver: "If not provided, username claims other than 'email' are prefixed by the issuer URL"; '-' disables it. */
export function usernamePrefixOf(mapping: ClaimMapping): string {
  if (mapping.usernamePrefix === '-') return '';
  if (mapping.usernamePrefix !== undefined) return mapping.usernamePrefix;
  return mapping.usernameClaim === 'email' ? '' : `${mapping.issuer}#`;
}

export function identityFromClaims(claims: Readonly<Record<string, unknown>>, mapping: ClaimMapping): ClaimsOutcome {
  const name = claims[mapping.usernameClaim];
  if (typeof name !== 'string' || !name) return { ok: false, error: `the token has no ${mapping.usernameClaim} claim (a string) to name the user by` };
  // As kube-apiserver: an email that is explicitly unverified names nobody.
  if (mapping.usernameClaim === 'email' && claims.email_verified !== undefined && claims.email_verified !== true) {
    return { ok: false, error: `the token's email ${name} is not verified (email_verified is ${JSON.stringify(claims.email_verified)})` };
  }
  const raw = claims[mapping.groupsClaim];
  let groups: string[];
  if (raw === undefined || raw === null) groups = [];
  else if (typeof raw === 'string') groups = [raw];
  else if (Array.isArray(raw) && raw.every((g) => typeof g === 'string')) groups = raw as string[];
  else return { ok: false, error: `the token's ${mapping.groupsClaim} claim is neither a string nor a list of strings` };
  const groupsPrefix = mapping.groupsPrefix ?? '';
  const email = typeof claims.email === 'string' ? claims.email : undefined;
  return { ok: true, identity: { user: usernamePrefixOf(mapping) + name, groups: groups.map((g) => groupsPrefix + g), ...(email ? { email } : {}) } };
}
