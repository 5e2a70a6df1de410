// What deserves a person's attention on a wall display, as data: a failed driver or failed
// executors, and work stuck pending for longer than a threshold.

import type { AppSummary } from '../snapshot/appSummary';

export type Attention = 'failed' | 'stuck-pending' | 'ok';

export const STUCK_PENDING_MS = 5 * 60_000;

export function attentionOf(app: AppSummary, now: number, stuckAfterMs = STUCK_PENDING_MS): Attention {
  if (app.driver?.state === 'failed' || app.counts.failed > 0) return 'failed';
  const driverStuck = app.driver?.state === 'pending' && now - app.driver.since > stuckAfterMs;
  const executorsStuck = app.oldestPendingSince !== null && now - app.oldestPendingSince > stuckAfterMs;
  return driverStuck || executorsStuck ? 'stuck-pending' : 'ok';
}

const RANK: Record<Attention, number> = { failed: 0, 'stuck-pending': 1, ok: 2 };

/** Failed first, then stuck, then the rest by size; stable by key. */
export function byAttention(apps: readonly AppSummary[], now: number): AppSummary[] {
  return [...apps].sort((a, b) => RANK[attentionOf(a, now)] - RANK[attentionOf(b, now)] || b.executors - a.executors || (a.key < b.key ? -1 : 1));
}

/** Gone from the cluster for a while: a wall shows what is happening, not the history. */
export function isCleanedUp(app: AppSummary, now: number, afterMs = 10 * 60_000): boolean {
  return app.present === 0 && now - app.lastChangeAt > afterMs;
}
