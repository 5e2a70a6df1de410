// Identity and access for the whole dashboard, built from the settings: the authenticator of
// --auth, and (with proxy or oidc) the access reviews every request, page and live connection
// is checked with, and the kiosk tokens of --token-key-file, accepted in every mode. main.ts
// and the tests get the same wiring through startDashboard.

import type { Config } from '../config';
import type { Logger } from '../log';
import type { Principal } from '../../lib/access/identity';
import { AccessReviews } from './accessReviews';
import { bearer, createAuthenticator, type AuthRequest, type Authenticator } from './authenticator';
import { createKioskTokenVerifier, isKioskToken, type KioskTokenVerifier, type RefusalReason } from './kioskTokens';
import { kioskViewer } from './kioskViewer';
import { createOidcVerifier } from './oidcVerifier';
import { createAccessControl, EVERYONE, type AccessCluster, type AccessControl, type ViewerAccess } from './viewerAccess';

export interface IdentifyRequest extends AuthRequest {
  /** The `?token=` of a wall or panel page's address (accepted there only). */
  pageToken?: string | null;
}

export type Identification =
  | { ok: true; viewer: ViewerAccess; expiresAt: number | null }
  /** `token`: a kiosk token was presented and refused (pages then say how to get a new one). */
  | { ok: false; error: string; token: boolean };

export interface TokenMetrics {
  /** Requests, live connections and subscriptions that presented a valid token, by label. */
  uses: Map<string, number>;
  refusals: Record<RefusalReason, number>;
}

export interface DashboardAccess {
  authenticator: Authenticator;
  control: AccessControl;
  /** Null with --auth none (nothing is ever asked). */
  reviews: AccessReviews | null;
  recheckIntervalMs: number;
  /** Null without --token-key-file. */
  tokens: KioskTokenVerifier | null;
  tokenMetrics: TokenMetrics;
  /** Who a request or socket handshake is: a kiosk token when one is presented, else the --auth mode's person. */
  identify(request: IdentifyRequest): Promise<Identification>;
  /** A subscription (or other use) by a token viewer, counted by its label. */
  countUse(principal: Principal): void;
}

export type AccessSettings = Pick<Config,
  'auth' | 'trustedProxies' | 'proxyUserHeader' | 'proxyEmailHeader' | 'proxyGroupsHeader' | 'oidcIssuer' | 'oidcAudience'
  | 'oidcUsernameClaim' | 'oidcGroupsClaim' | 'oidcUsernamePrefix' | 'oidcGroupsPrefix' | 'oidcClockSkew' | 'accessCacheTtl' | 'accessCacheSize' | 'accessRecheckInterval' | 'tokenKeyFile'>;

export function createDashboardAccess(config: AccessSettings, clusters: () => readonly AccessCluster[], now: () => number, log: Logger): DashboardAccess {
  const authenticator = config.auth === 'proxy'
    ? createAuthenticator({ mode: 'proxy', trustedProxies: config.trustedProxies, headers: { user: config.proxyUserHeader, email: config.proxyEmailHeader, groups: config.proxyGroupsHeader } })
    : config.auth === 'oidc'
      ? createAuthenticator({
        mode: 'oidc',
        verifier: createOidcVerifier({ issuer: config.oidcIssuer!, audience: config.oidcAudience!, clockToleranceSec: Math.round(config.oidcClockSkew / 1000) }),
        mapping: { issuer: config.oidcIssuer!, usernameClaim: config.oidcUsernameClaim, groupsClaim: config.oidcGroupsClaim, usernamePrefix: config.oidcUsernamePrefix, groupsPrefix: config.oidcGroupsPrefix },
      })
      : createAuthenticator({ mode: 'none' });
  const reviews = config.auth === 'none' ? null : new AccessReviews({ ttlMs: config.accessCacheTtl, maxEntries: config.accessCacheSize, now }, log);
  const control: AccessControl = reviews ? createAccessControl(reviews, clusters) : { forIdentity: () => EVERYONE };
  const tokens = config.tokenKeyFile ? createKioskTokenVerifier(config.tokenKeyFile, { now }) : null;
  const tokenMetrics: TokenMetrics = { uses: new Map(), refusals: { expired: 0, rotated: 0, signature: 0, malformed: 0, not_accepted: 0 } };
  const countUse = (principal: Principal) => {
    if (principal.kind === 'token') tokenMetrics.uses.set(principal.label, (tokenMetrics.uses.get(principal.label) ?? 0) + 1);
  };
  const identify = async (request: IdentifyRequest): Promise<Identification> => {
    const presented = request.pageToken || (typeof request.token === 'string' && request.token ? request.token : bearer(request.headers));
    // A token in a page's address is always taken as a kiosk token; elsewhere only one that says it is (an ID token is not).
    if (presented && (request.pageToken || isKioskToken(presented))) {
      if (!tokens) {
        tokenMetrics.refusals.not_accepted++;
        return { ok: false, token: true, error: 'the kiosk token was refused: this dashboard accepts no tokens (it runs without --token-key-file)' };
      }
      const verdict = await tokens.verify(presented);
      if (!verdict.ok) {
        tokenMetrics.refusals[verdict.reason]++;
        return { ok: false, token: true, error: `the kiosk token was refused: ${verdict.error}` };
      }
      const viewer = kioskViewer(verdict.grant, clusters, () => tokens.keyRetired(verdict.kid));
      countUse(viewer.principal);
      return { ok: true, viewer, expiresAt: verdict.expiresAt };
    }
    if (authenticator.mode === 'none') return { ok: true, viewer: EVERYONE, expiresAt: null };
    const who = await authenticator.authenticate(request);
    return who.ok ? { ok: true, viewer: control.forIdentity(who.identity), expiresAt: who.expiresAt } : { ok: false, error: who.error, token: false };
  };
  return {
    authenticator, control, reviews, recheckIntervalMs: config.accessRecheckInterval,
    tokens, tokenMetrics, identify, countUse,
  };
}
