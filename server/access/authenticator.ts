// Who is asking, for every API request, page and socket handshake, by --auth:
//   none   nobody is asked (a laptop): everyone sees everything, as before identities;
//   proxy  an authenticating reverse proxy's headers, believed only from --trusted-proxies
//          (anyone else could send them: from other addresses they are ignored);
//   oidc   a bearer ID token (Authorization header, or the socket's auth.token) verified
//          against the issuer's keys, its claims mapped as kube-apiserver maps them.

import type { IncomingHttpHeaders } from 'node:http';
import { addressInRanges, parseCidr, type CidrRange } from '../../lib/access/cidr';
import type { Identity } from '../../lib/access/identity';
import { identityFromClaims, type ClaimMapping } from '../../lib/access/oidcClaims';
import { identityFromProxyHeaders, type ProxyHeaderNames } from '../../lib/access/proxyHeaders';
import type { OidcVerifier } from './oidcVerifier';

export type AuthMode = 'none' | 'proxy' | 'oidc';

export type Authentication =
  /** `identity` null: --auth none, no one is asked. `expiresAt`: when the credential stops being good (ms). */
  | { ok: true; identity: Identity | null; expiresAt: number | null }
  | { ok: false; error: string };

export interface AuthRequest {
  headers: IncomingHttpHeaders;
  /** The peer's address as the socket reports it. */
  address: string | undefined;
  /** A socket.io handshake's auth.token. */
  token?: unknown;
}

export interface Authenticator {
  readonly mode: AuthMode;
  authenticate(request: AuthRequest): Promise<Authentication>;
  /** How to sign in, for pages and errors. */
  readonly signInHelp: string;
}

export type AuthenticatorOptions =
  | { mode: 'none' }
  | { mode: 'proxy'; trustedProxies: readonly string[]; headers: ProxyHeaderNames }
  | { mode: 'oidc'; verifier: OidcVerifier; mapping: ClaimMapping };

/** The token of an `Authorization: Bearer` header, if any. */
export function bearer(headers: IncomingHttpHeaders): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return m ? m[1] : null;
}

export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  if (options.mode === 'none') {
    return { mode: 'none', signInHelp: '', authenticate: async () => ({ ok: true, identity: null, expiresAt: null }) };
  }
  if (options.mode === 'proxy') {
    const ranges: CidrRange[] = options.trustedProxies.map((t) => {
      const r = parseCidr(t);
      if (!r) throw new Error(`not an address range: ${t}`);
      return r;
    });
    return {
      mode: 'proxy',
      signInHelp: 'This dashboard is reached through the company\'s login: open it at the address of its sign-in proxy, which signs you in and passes your identity on. Requests that do not come through that proxy are not signed in.',
      async authenticate({ headers, address }) {
        if (!addressInRanges(address, ranges)) return { ok: false, error: `you are not signed in: the request did not come through the sign-in proxy (${address ?? 'an unknown address'} is not in --trusted-proxies)` };
        const identity = identityFromProxyHeaders(headers, options.headers);
        if (!identity) return { ok: false, error: `you are not signed in: the sign-in proxy sent no ${options.headers.user} or ${options.headers.email} header` };
        return { ok: true, identity, expiresAt: null };
      },
    };
  }
  const { verifier, mapping } = options;
  return {
    mode: 'oidc',
    signInHelp: `This dashboard needs an ID token from ${mapping.issuer}: open it from the portal that signs you in (it sends the token as "Authorization: Bearer …"), or pass the token yourself.`,
    async authenticate({ headers, token }) {
      const presented = typeof token === 'string' && token ? token : bearer(headers);
      if (!presented) return { ok: false, error: `you are not signed in: send an ID token from ${mapping.issuer} as "Authorization: Bearer <token>"` };
      const verified = await verifier.verify(presented);
      if (!verified.ok) return { ok: false, error: `you are not signed in: ${verified.error}` };
      const mapped = identityFromClaims(verified.claims, mapping);
      if (!mapped.ok) return { ok: false, error: `you are not signed in: ${mapped.error}` };
      return { ok: true, identity: mapped.identity, expiresAt: typeof verified.claims.exp === 'number' ? verified.claims.exp * 1000 : null };
    },
  };
}
