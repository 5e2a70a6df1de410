// The state history of an application whose operator keeps none (Kubeflow's status holds only
// the current state): built from what the dashboard sees, one entry per state or attempt
// change, bounded. The first entry is always kept, so the history still says how it began.

import type { OperatorApp, OperatorPhase, OperatorStateEntry } from './operatorApp';

export const DEFAULT_HISTORY_LIMIT = 50;

/** Phases of one execution attempt (Kubeflow counts them in executionAttempts). */
const RUN_PHASES: ReadonlySet<OperatorPhase> = new Set<OperatorPhase>(['submitted', 'running', 'succeeding', 'failing', 'completed', 'failed', 'unknown']);

/**
 * The attempt (1-based) a state belongs to: a failed submission counts in submissionAttempts,
 * a run in executionAttempts (incremented when a submission succeeds). Between attempts
 * (new, pending-rerun) and around suspension there is none.
 */
export function stateAttempt(app: Pick<OperatorApp, 'phase' | 'submissionAttempts' | 'executionAttempts'>): number | null {
  if (app.phase === 'submission-failed') return app.submissionAttempts;
  return RUN_PHASES.has(app.phase) ? app.executionAttempts : null;
}

/**
 * When the state began, as well as the resource tells: Kubeflow records when the resource was
 * created, when it last submitted and when the driver ended. That time is taken only when it
 * is after the previous entry and not after `now` (a COMPLETED seen after SUCCEEDING carries
 * the same terminationTime, and gets `now`); otherwise the state began when it was seen.
 */
function beganAt(app: OperatorApp, previousAt: number | null, now: number): number {
  let recorded: number | null = null;
  switch (app.phase) {
    case 'new': recorded = app.createdAt; break;
    case 'submitted':
    case 'submission-failed': recorded = app.lastSubmissionAt; break;
    case 'succeeding':
    case 'failing':
    case 'completed':
    case 'failed': recorded = app.terminatedAt; break;
    default: break;
  }
  if (recorded !== null && recorded <= now && (previousAt === null || recorded > previousAt)) return recorded;
  return previousAt !== null && previousAt > now ? previousAt : now;
}

/**
 * The history of `next` given the application as last seen: `previous.history` with an entry
 * appended when the state word or its attempt changed. An unchanged state returns the same
 * array (a message that appears later fills the last entry in a copy). A different uid is a
 * new resource under the same name: its history starts afresh. At most `max` entries (never
 * fewer than two): the oldest after the first are dropped.
 */
export function observeState(previous: OperatorApp | null, next: OperatorApp, now: number, max: number = DEFAULT_HISTORY_LIMIT): OperatorStateEntry[] {
  const history = previous !== null && previous.uid === next.uid ? previous.history : [];
  const attempt = stateAttempt(next);
  const last = history.length > 0 ? history[history.length - 1] : undefined;
  if (last !== undefined && last.raw === next.rawState && last.attempt === attempt) {
    if (last.message === null && next.errorMessage !== null) return [...history.slice(0, -1), { ...last, message: next.errorMessage }];
    return history;
  }
  const entry: OperatorStateEntry = {
    phase: next.phase, raw: next.rawState, at: beganAt(next, last?.at ?? null, now), message: next.errorMessage, attempt,
  };
  return boundHistory([...history, entry], max);
}

/** At most `max` entries (never fewer than two): the first, then the newest. */
export function boundHistory(history: OperatorStateEntry[], max: number = DEFAULT_HISTORY_LIMIT): OperatorStateEntry[] {
  const limit = Number.isNaN(max) ? DEFAULT_HISTORY_LIMIT : Math.max(2, Math.floor(max));
  if (history.length <= limit) return history;
  return [history[0], ...history.slice(history.length - limit + 1)];
}
