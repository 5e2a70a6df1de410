// Kiosk and portal tokens: JWTs signed with HMAC-SHA256 (jose) by a key the dashboard reads
// from a file (--token-key-file). `npm run token` signs with the same file. Each token names
// the key it was signed with (kid: a fingerprint of the key, which reveals nothing of it), so
// a token of an older key is told apart from a forged one; the file is read again when it
// changes (a Kubernetes Secret update included), so rotating the key revokes every token
// without a restart.

import crypto from 'node:crypto';
import fs from 'node:fs';
import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from 'jose';
import { grantFromClaims, type KioskClaims, type KioskGrant } from '../../lib/access/kioskGrant';

/** The JWT "typ" of kiosk tokens: how a bearer token is known to be one (and not an ID token). */
export const KIOSK_TOKEN_TYPE = 'spark-pod-dashboard-kiosk+jwt';
const ISSUER = 'spark-pod-dashboard';
const AUDIENCE = 'spark-pod-dashboard/kiosk';
/** HS256 keys shorter than the hash (32 bytes) weaken it (RFC 7518 §3.2). */
export const MIN_KEY_BYTES = 32;

export class TokenKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenKeyError';
  }
}

export interface TokenKey {
  secret: Uint8Array;
  /** Names the key in the tokens it signed. */
  kid: string;
}

/** The key in a file (surrounding whitespace, such as the newline `openssl rand -base64 48 > file` writes, is not part of it). */
export function readTokenKey(file: string): TokenKey {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new TokenKeyError(`cannot read the token key file ${file}: ${(e as Error).message}`);
  }
  const secret = new TextEncoder().encode(text.trim());
  if (secret.length < MIN_KEY_BYTES) {
    throw new TokenKeyError(`the token key in ${file} is ${secret.length} bytes; it must be at least ${MIN_KEY_BYTES} (make one with: openssl rand -base64 48 > ${file})`);
  }
  const kid = crypto.createHash('sha256').update('spark-pod-dashboard kiosk key\0').update(secret).digest('base64url').slice(0, 16);
  return { secret, kid };
}

export type RefusalReason = 'expired' | 'rotated' | 'signature' | 'malformed' | 'not_accepted';

export type TokenVerdict =
  | { ok: true; grant: KioskGrant; expiresAt: number; kid: string }
  | { ok: false; reason: RefusalReason; error: string };

/** True when `token` says it is a kiosk token (whatever its signature): the dashboard verifies it as one. */
export function isKioskToken(token: string): boolean {
  try {
    return decodeProtectedHeader(token).typ === KIOSK_TOKEN_TYPE;
  } catch {
    return false;
  }
}

export async function signKioskToken(key: TokenKey, claims: KioskClaims, ttlMs: number, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: KIOSK_TOKEN_TYPE, kid: key.kid })
    .setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(`kiosk:${claims.label}`)
    .setIssuedAt(iat).setExpirationTime(iat + Math.round(ttlMs / 1000))
    .sign(key.secret);
}

export interface KioskTokenVerifier {
  verify(token: string): Promise<TokenVerdict>;
  /** Null while the key that signed `kid` is still the one in use. */
  keyRetired(kid: string): string | null;
}

const ROTATED = 'the token was signed with a key that is no longer in use (the dashboard\'s token key was rotated); issue a new one with npm run token';

/** Reads `file` now (a bad key stops the start) and again when its modification time or size changes, at most every `recheckMs`. */
export function createKioskTokenVerifier(file: string, options: { recheckMs?: number; now?: () => number } = {}): KioskTokenVerifier {
  const now = options.now ?? Date.now;
  const recheckMs = options.recheckMs ?? 1000;
  const stamp = () => { const s = fs.statSync(file); return `${s.mtimeMs}:${s.size}:${s.ino}`; };
  let key = readTokenKey(file);
  let seen = stamp();
  let checkedAt = now();
  const current = (): TokenKey => {
    if (now() - checkedAt < recheckMs) return key;
    checkedAt = now();
    try {
      const s = stamp();
      if (s !== seen) { key = readTokenKey(file); seen = s; }
    } catch {
      // Mid-rotation (a Secret's files are swapped) or a bad new key: keep the last good one until it reads.
    }
    return key;
  };
  return {
    keyRetired: (kid) => (kid === current().kid ? null : ROTATED),
    async verify(token) {
      let header: ReturnType<typeof decodeProtectedHeader>;
      try {
        header = decodeProtectedHeader(token);
      } catch {
        return { ok: false, reason: 'malformed', error: 'the token is not a kiosk token (not a JWT)' };
      }
      if (header.typ !== KIOSK_TOKEN_TYPE) return { ok: false, reason: 'malformed', error: 'the token is not a kiosk token' };
      const k = current();
      if (header.kid !== k.kid) return { ok: false, reason: 'rotated', error: ROTATED };
      try {
        const { payload } = await jwtVerify(token, k.secret, {
          algorithms: ['HS256'], typ: KIOSK_TOKEN_TYPE, issuer: ISSUER, audience: AUDIENCE, requiredClaims: ['exp', 'iat'], currentDate: new Date(now()),
        });
        const grant = grantFromClaims(payload);
        if (!grant.ok) return { ok: false, reason: 'malformed', error: grant.error };
        return { ok: true, grant: grant.grant, expiresAt: (payload.exp as number) * 1000, kid: k.kid };
      } catch (e) {
        if (e instanceof errors.JWTExpired) return { ok: false, reason: 'expired', error: `the token expired at ${new Date(((e.payload.exp as number) ?? 0) * 1000).toISOString()}; issue a new one with npm run token` };
        if (e instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: 'signature', error: 'the token\'s signature does not verify with the dashboard\'s token key' };
        return { ok: false, reason: 'malformed', error: `the token is not valid: ${(e as Error).message}` };
      }
    },
  };
}
