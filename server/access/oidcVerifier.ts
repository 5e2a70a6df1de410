// Verifies ID tokens (JWTs) for --auth oidc with jose: the issuer's signing keys come from
// its discovery document (/.well-known/openid-configuration → jwks_uri, fetched once, keys
// refreshed by jose when a token names a key it has not seen), and a token must be signed by
// one of them, issued by --oidc-issuer, for --oidc-audience, and not expired (a small clock
// skew allowed), as kube-apiserver's OIDC authenticator checks them.

import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

export interface OidcVerifierOptions {
  issuer: string;
  audience: string;
  /** Seconds of clock difference tolerated on exp, nbf and iat. */
  clockToleranceSec: number;
  timeoutMs?: number;
}

export type TokenOutcome = { ok: true; claims: JWTPayload } | { ok: false; error: string };

export interface OidcVerifier {
  verify(token: string): Promise<TokenOutcome>;
}

/** Why jose refused a token, in words a person signing in can act on. */
function refusal(e: unknown, options: OidcVerifierOptions): string {
  if (e instanceof errors.JWTExpired) return 'the ID token has expired; sign in again';
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return `the ID token is not for this dashboard (its audience is not ${options.audience})`;
    if (e.claim === 'iss') return `the ID token was not issued by ${options.issuer}`;
    return `the ID token's ${e.claim} claim is not acceptable: ${e.message}`;
  }
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'the ID token\'s signature does not verify against the issuer\'s keys';
  if (e instanceof errors.JWKSNoMatchingKey) return 'the ID token is signed with a key the issuer does not publish';
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid || e instanceof errors.JOSEAlgNotAllowed) return `the bearer token is not a valid ID token: ${(e as Error).message}`;
  return `the ID token could not be verified: ${(e as Error).message}`;
}

export function createOidcVerifier(options: OidcVerifierOptions): OidcVerifier {
  let keys: Promise<JWTVerifyGetKey> | null = null;
  const timeoutMs = options.timeoutMs ?? 10_000;

  const discover = async (): Promise<JWTVerifyGetKey> => {
    const url = `${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
    const doc = await res.json() as { issuer?: string; jwks_uri?: string };
    // OpenID Connect Discovery 1.0 §4.3: the document must name the issuer it was fetched for.
    if (doc.issuer !== options.issuer) throw new Error(`${url} names issuer ${JSON.stringify(doc.issuer)}, not ${options.issuer}`);
    if (typeof doc.jwks_uri !== 'string') throw new Error(`${url} has no jwks_uri`);
    return createRemoteJWKSet(new URL(doc.jwks_uri), { timeoutDuration: timeoutMs });
  };

  return {
    async verify(token) {
      let keySet: JWTVerifyGetKey;
      try {
        keys ??= discover();
        keySet = await keys;
      } catch (e) {
        // Asked again with the next token: the issuer may be back.
        keys = null;
        return { ok: false, error: `the dashboard could not read the issuer's signing keys (${(e as Error).message}); try again shortly` };
      }
      try {
        const { payload } = await jwtVerify(token, keySet, {
          issuer: options.issuer, audience: options.audience, clockTolerance: options.clockToleranceSec, requiredClaims: ['exp'],
        });
        return { ok: true, claims: payload };
      } catch (e) {
        return { ok: false, error: refusal(e, options) };
      }
    },
  };
}
