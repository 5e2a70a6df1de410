// The audit log: one structured line per page served or refused and per live subscription
// granted or refused, naming who asked (a person, a kiosk token's label, or anonymous with
// --auth none), what (the path, query secrets redacted, or the scope) and the decision. Lines
// go through the dashboard's log under the "audit" component, their fields as JSON.

import { logSafeUrl } from '../../lib/access/logSafeUrl';
import type { Principal } from '../../lib/access/identity';
import type { Logger } from '../log';

export type Decision = 'allowed' | 'refused';

export interface AuditLog {
  page(principal: Principal, url: string | undefined, status: number, reason?: string): void;
  subscription(principal: Principal, scope: string, decision: Decision, reason?: string): void;
}

/** The identity fields of an audit line. */
export function auditIdentity(principal: Principal): Record<string, unknown> {
  if (principal.kind === 'user') return { identity: principal.identity.user, groups: principal.identity.groups };
  if (principal.kind === 'token') return { identity: `token:${principal.label}` };
  return { identity: 'anonymous' };
}

export function createAuditLog(log: Logger): AuditLog {
  return {
    page(principal, url, status, reason) {
      const decision: Decision = status < 400 ? 'allowed' : 'refused';
      log.info('page', { ...auditIdentity(principal), path: logSafeUrl(url), decision, status, ...(reason ? { reason } : {}) });
    },
    subscription(principal, scope, decision, reason) {
      log.info('subscription', { ...auditIdentity(principal), scope, decision, ...(reason ? { reason } : {}) });
    },
  };
}
