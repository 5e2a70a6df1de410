import { describe, expect, it } from 'vitest';
import type { OperatorPhase, OperatorRef } from '../../lib/operator/operatorApp';
import { OPERATOR_PHASE_STYLES, operatorPhaseColor, RUN_OUTCOME_STYLES } from './operatorPhaseStyles';
import {
  appPath, describeSchedule, formatRelative, operatorCauseLine, operatorChipText, operatorChipTitle, podlessSentence, runPath, stateWord,
} from './operatorText';

const ref = (patch: Partial<OperatorRef> = {}): OperatorRef => ({
  operator: 'kubeflow', name: 'spark-pi', phase: 'running', rawState: 'RUNNING', errorMessage: null, scheduledBy: null, ...patch,
});

describe('operator phase styles', () => {
  it('colours failures red, completion green, running blue and waiting amber', () => {
    expect(operatorPhaseColor('failed')).toBe('var(--state-failed)');
    expect(operatorPhaseColor('submission-failed')).toBe('var(--state-failed)');
    expect(operatorPhaseColor('completed')).toBe('var(--state-succeeded)');
    expect(operatorPhaseColor('running')).toBe('var(--state-running)');
    expect(operatorPhaseColor('pending-rerun')).toBe('var(--state-pending)');
    expect(operatorPhaseColor('submitted')).toBe('var(--state-pending)');
    expect(RUN_OUTCOME_STYLES.failed.tone).toBe(OPERATOR_PHASE_STYLES.failed.tone);
  });

  it('gives every phase a distinct name and a glyph, so no phase is told by colour alone', () => {
    const styles = Object.values(OPERATOR_PHASE_STYLES);
    expect(new Set(styles.map((s) => s.label)).size).toBe(styles.length);
    for (const s of styles) expect(s.glyph).toMatch(/\S/);
  });
});

describe('operator text', () => {
  it('names the state by the operator\'s word, or the phase when it has none yet', () => {
    expect(operatorChipText(ref())).toBe('SparkApplication · RUNNING');
    expect(operatorChipText(ref({ operator: 'apache', rawState: 'RunningHealthy' }))).toBe('SparkApplication · RunningHealthy');
    expect(stateWord('new', '')).toBe('NEW');
    expect(operatorChipTitle(ref({ scheduledBy: 'nightly' }))).toBe('SparkApplication spark-pi (Kubeflow Spark operator), run by the schedule nightly: running');
  });

  it('says a failure in one line from the first line of what the operator recorded', () => {
    expect(operatorCauseLine(ref({ phase: 'submission-failed', rawState: 'SUBMISSION_FAILED', errorMessage: '\nfailed to run spark-submit: image not found\n  at …' })))
      .toBe('submission failed: image not found');
    expect(operatorCauseLine(ref({ phase: 'submission-failed', errorMessage: null }))).toBe('submission failed');
    expect(operatorCauseLine(ref({ phase: 'failed', errorMessage: 'driver container failed with ExitCode: 1' }))).toBe('failed: driver container failed with ExitCode: 1');
    expect(operatorCauseLine(ref({ phase: 'failed', errorMessage: null }))).toBeNull();
    expect(operatorCauseLine(ref({ errorMessage: 'stale message' }))).toBeNull();
  });

  it('tells a failed submission from an application still waiting for its driver', () => {
    expect(podlessSentence({ phase: 'submission-failed', rawState: 'SUBMISSION_FAILED' })).toMatchObject({ tone: 'error', title: 'The submission failed: no pod was created' });
    const waiting: OperatorPhase[] = ['new', 'submitted', 'pending-rerun'];
    for (const phase of waiting) expect(podlessSentence({ phase, rawState: '' }).title).toBe('No pods yet: the operator has not created a driver');
    expect(podlessSentence({ phase: 'submitted', rawState: 'SUBMITTED' }).body).toContain('The operator says SUBMITTED.');
  });

  it('links a run to its Spark application, or to its pod-less page', () => {
    expect(appPath('prod', 'etl', 'spark-1234')).toBe('/apps/prod/etl/spark-1234');
    expect(runPath('prod', 'etl', { name: 'nightly-1700000000', appId: 'spark-abc' })).toBe('/apps/prod/etl/spark-abc');
    expect(runPath('prod', 'etl', { name: 'nightly-1700000000', appId: null })).toBe('/apps/prod/etl/operator%3Anightly-1700000000');
  });

  it('says times relative to now, both ways', () => {
    const now = 1_700_000_000_000;
    expect(formatRelative(now + 250_000, now)).toBe('in 4m 10s');
    expect(formatRelative(now - 185_000, now)).toBe('3m 05s ago');
    expect(formatRelative(null, now)).toBe('–');
  });

  it('reads the common cron shapes in words and leaves the rest alone', () => {
    expect(describeSchedule('@every 5m')).toBe('every 5 minutes');
    expect(describeSchedule('@every 1h30m')).toBe('every 1 hour 30 minutes');
    expect(describeSchedule('@hourly')).toBe('every hour, on the hour');
    expect(describeSchedule('*/10 * * * *')).toBe('every 10 minutes');
    expect(describeSchedule('*/1 * * * *')).toBe('every minute');
    expect(describeSchedule('15 * * * *')).toBe('every hour at minute 15');
    expect(describeSchedule('0 */6 * * *')).toBe('every 6 hours at minute 0');
    expect(describeSchedule('30 2 * * *')).toBe('every day at 02:30');
    expect(describeSchedule('CRON_TZ=Europe/Paris 30 2 * * *')).toBe('every day at 02:30');
    expect(describeSchedule('30 2 * * 1-5')).toBeNull();
    expect(describeSchedule('not a schedule')).toBeNull();
  });
});
