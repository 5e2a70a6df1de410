// One table, operator phase → label, glyph and colour, read by every badge and chip that shows
// what a Spark operator says of an application (page, overview rows, wall tiles, history), so
// a phase never appears in two colours. Colours are the executor states' CSS variables (the
// same colour-blind-safe palette, swapped by theme); the glyph means state is never told by
// colour alone.

import type { OperatorName, OperatorPhase, ScheduledRunOutcome } from '../../lib/operator/operatorApp';

/** What a phase means for a person: done well, done badly, at work, waiting, or nothing going on. */
export type OperatorTone = 'ok' | 'bad' | 'active' | 'waiting' | 'idle';

export interface OperatorPhaseStyle {
  label: string;
  tone: OperatorTone;
  glyph: string;
  description: string;
}

const TONE_VAR: Readonly<Record<OperatorTone, string>> = {
  ok: '--state-succeeded',
  bad: '--state-failed',
  active: '--state-running',
  waiting: '--state-pending',
  idle: '--state-deleted',
};

export const OPERATOR_PHASE_STYLES: Readonly<Record<OperatorPhase, OperatorPhaseStyle>> = {
  new: { label: 'New', tone: 'idle', glyph: '○', description: 'The operator has not acted on the resource yet.' },
  submitted: { label: 'Submitted', tone: 'waiting', glyph: '◷', description: 'spark-submit ran; the driver is starting.' },
  running: { label: 'Running', tone: 'active', glyph: '▶', description: 'The driver runs.' },
  succeeding: { label: 'Succeeding', tone: 'ok', glyph: '✓', description: 'The driver ended well; the operator is finishing up.' },
  completed: { label: 'Completed', tone: 'ok', glyph: '✓', description: 'The application completed.' },
  failing: { label: 'Failing', tone: 'bad', glyph: '✕', description: 'The driver failed; the operator is deciding whether to retry.' },
  failed: { label: 'Failed', tone: 'bad', glyph: '✕', description: 'The application failed and will not be retried.' },
  'submission-failed': { label: 'Submission failed', tone: 'bad', glyph: '✕', description: 'spark-submit failed: no driver pod was created.' },
  'pending-rerun': { label: 'Pending rerun', tone: 'waiting', glyph: '↻', description: 'A new attempt will be submitted (restart policy).' },
  invalidating: { label: 'Invalidating', tone: 'waiting', glyph: '↻', description: 'The spec changed; the operator stops the current run to submit it again.' },
  suspending: { label: 'Suspending', tone: 'idle', glyph: '⏸', description: 'The operator is stopping the application on request.' },
  suspended: { label: 'Suspended', tone: 'idle', glyph: '⏸', description: 'Stopped on request; it resumes when unsuspended.' },
  resuming: { label: 'Resuming', tone: 'waiting', glyph: '▶', description: 'Unsuspended: the operator is submitting it again.' },
  unknown: { label: 'Unknown', tone: 'idle', glyph: '?', description: 'The operator reports a state the dashboard does not know.' },
};

/** The CSS colour of a phase (a variable the theme sets). */
export function operatorPhaseColor(phase: OperatorPhase): string {
  return `var(${TONE_VAR[OPERATOR_PHASE_STYLES[phase].tone]})`;
}

export function operatorToneColor(tone: OperatorTone): string {
  return `var(${TONE_VAR[tone]})`;
}

/** A scheduled run's outcome in the same colours: a run's outcome is its application's phase, summed up. */
export const RUN_OUTCOME_STYLES: Readonly<Record<ScheduledRunOutcome, { label: string; tone: OperatorTone; glyph: string }>> = {
  succeeded: { label: 'Succeeded', tone: 'ok', glyph: '✓' },
  failed: { label: 'Failed', tone: 'bad', glyph: '✕' },
  running: { label: 'Running', tone: 'active', glyph: '▶' },
  unknown: { label: 'Unknown', tone: 'idle', glyph: '?' },
};

export const OPERATOR_NAMES: Readonly<Record<OperatorName, string>> = {
  kubeflow: 'Kubeflow Spark operator',
  apache: 'Apache Spark Kubernetes operator',
};
