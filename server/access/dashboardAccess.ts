// Identity and access for the whole dashboard, built from the settings: the authenticator of
// --auth, and (with proxy or oidc) the access reviews every request, page and live connection
// is checked with. main.ts and the tests get the same wiring through startDashboard.

import type { Config } from '../config';
import type { Logger } from '../log';
import { AccessReviews } from './accessReviews';
import { createAuthenticator, type Authenticator } from './authenticator';
import { createOidcVerifier } from './oidcVerifier';
import { createAccessControl, EVERYONE, type AccessCluster, type AccessControl } from './viewerAccess';

export interface DashboardAccess {
  authenticator: Authenticator;
  control: AccessControl;
  /** Null with --auth none (nothing is ever asked). */
  reviews: AccessReviews | null;
  recheckIntervalMs: number;
}

export type AccessSettings = Pick<Config,
  'auth' | 'trustedProxies' | 'proxyUserHeader' | 'proxyEmailHeader' | 'proxyGroupsHeader' | 'oidcIssuer' | 'oidcAudience'
  | 'oidcUsernameClaim' | 'oidcGroupsClaim' | 'oidcUsernamePrefix' | 'oidcGroupsPrefix' | 'oidcClockSkew' | 'accessCacheTtl' | 'accessCacheSize' | 'accessRecheckInterval'>;

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
  return { authenticator, control, reviews, recheckIntervalMs: config.accessRecheckInterval };
}
