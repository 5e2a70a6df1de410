// What deserves a person's attention on a wall display, as data: a failed driver or failed
// executors (or, for an operator application with no driver, the operator's failure), and work
// stuck pending for longer than a threshold.

import { operatorNameOf, TERMINAL_OPERATOR_PHASES } from '../operator/operatorApp';
import type { AppSummary } from '../snapshot/appSummary';

export type Attention = 'failed' | 'stuck-pending' | 'ok';

export const STUCK_PENDING_MS = 5 * 60_000;

export function attentionOf(app: AppSummary, now: number, stuckAfterMs = STUCK_PENDING_MS): Attention {
  if (app.driver?.state === 'failed' || app.counts.failed > 0) return 'failed';
  // With no driver to judge by (a failed submission), the operator's word is all there is.
  if (!app.driver && (app.operator?.phase === 'failed' || app.operator?.phase === 'submission-failed')) return 'failed';
  const driverStuck = app.driver?.state === 'pending' && now - app.driver.since > stuckAfterMs;
  const executorsStuck = app.oldestPendingSince !== null && now - app.oldestPendingSince > stuckAfterMs;
  return driverStuck || executorsStuck ? 'stuck-pending' : 'ok';
}

const RANK: Record<Attention, number> = { failed: 0, 'stuck-pending': 1, ok: 2 };

/** Failed first, then stuck, then the rest by size; stable by key. */
export function byAttention(apps: readonly AppSummary[], now: number): AppSummary[] {
  return [...apps].sort((a, b) => RANK[attentionOf(a, now)] - RANK[attentionOf(b, now)] || b.executors - a.executors || (a.key < b.key ? -1 : 1));
}

/**
 * Gone from the cluster for a while: a wall shows what is happening, not the history. An
 * operator application that has no pods yet but is not finished is still happening.
 */
export function isCleanedUp(app: AppSummary, now: number, afterMs = 10 * 60_000): boolean {
  if (app.operator && operatorNameOf(app.appId) !== null && !TERMINAL_OPERATOR_PHASES.includes(app.operator.phase)) return false;
  return app.present === 0 && now - app.lastChangeAt > afterMs;
}
