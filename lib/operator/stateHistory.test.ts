import { describe, expect, it } from 'vitest';
import { readKubeflowApp } from './kubeflowStatus';
import type { OperatorApp } from './operatorApp';
import { boundHistory, observeState, stateAttempt } from './stateHistory';
import {
  FIXTURE_CLUSTER, KUBEFLOW_DRIVER_FAILED_ERROR, KUBEFLOW_SUBMISSION_ERROR, fixtureTime, kubeflowApp, kubeflowNewApp, kubeflowSubmissionFailedApp,
} from './testing/fixtures';

const T0 = Date.UTC(2026, 0, 1);
const read = (obj: unknown): OperatorApp => {
  const app = readKubeflowApp(obj, FIXTURE_CLUSTER);
  if (app === null) throw new Error('not read');
  return app;
};
/** Feeds each seen app through observeState as a store would, at the given times. */
function observeAll(seen: [OperatorApp, number][], max?: number): OperatorApp {
  let held: OperatorApp | null = null;
  for (const [app, now] of seen) held = { ...app, history: observeState(held, app, now, max) };
  if (held === null) throw new Error('nothing seen');
  return held;
}
const entries = (app: OperatorApp): [string, string, number | null, number | null][] => app.history.map((e) => [e.raw, e.phase, e.at, e.attempt]);

describe('stateAttempt', () => {
  it('counts a failed submission in submissionAttempts and a run in executionAttempts', () => {
    const base = { submissionAttempts: 3, executionAttempts: 2 };
    expect(stateAttempt({ ...base, phase: 'submission-failed' })).toBe(3);
    for (const phase of ['submitted', 'running', 'succeeding', 'failing', 'completed', 'failed', 'unknown'] as const) expect(stateAttempt({ ...base, phase })).toBe(2);
    for (const phase of ['new', 'pending-rerun', 'invalidating', 'suspending', 'suspended', 'resuming'] as const) expect(stateAttempt({ ...base, phase })).toBeNull();
  });
});

describe('observeState', () => {
  it('starts with the first state seen, dated by the resource where it records the time', () => {
    expect(entries(observeAll([[read(kubeflowNewApp()), T0 + 500]]))).toEqual([['', 'new', T0, null]]);
    expect(entries(observeAll([[read(kubeflowApp('SUBMITTED')), T0 + 60_000]]))).toEqual([['SUBMITTED', 'submitted', T0 + 2_000, 1]]);
    expect(entries(observeAll([[read(kubeflowApp('COMPLETED')), T0 + 3_600_000]]))).toEqual([['COMPLETED', 'completed', T0 + 600_000, 1]]);
    // A state whose time the resource does not record began when it was seen.
    expect(entries(observeAll([[read(kubeflowApp('RUNNING')), T0 + 60_000]]))).toEqual([['RUNNING', 'running', T0 + 60_000, 1]]);
  });

  it('follows a run to completion, one entry per state', () => {
    const app = observeAll([
      [read(kubeflowNewApp()), T0 + 1_000],
      [read(kubeflowApp('SUBMITTED')), T0 + 3_000],
      [read(kubeflowApp('SUBMITTED')), T0 + 5_000],
      [read(kubeflowApp('RUNNING')), T0 + 20_000],
      [read(kubeflowApp('RUNNING')), T0 + 200_000],
      [read(kubeflowApp('SUCCEEDING')), T0 + 601_000],
      [read(kubeflowApp('COMPLETED')), T0 + 602_000],
    ]);
    expect(entries(app)).toEqual([
      ['', 'new', T0, null],
      ['SUBMITTED', 'submitted', T0 + 2_000, 1],
      ['RUNNING', 'running', T0 + 20_000, 1],
      ['SUCCEEDING', 'succeeding', T0 + 600_000, 1],
      // Same terminationTime as SUCCEEDING: dated when seen.
      ['COMPLETED', 'completed', T0 + 602_000, 1],
    ]);
  });

  it('records the error with the state, and a retry as a new attempt of the same state', () => {
    const failed1 = read(kubeflowSubmissionFailedApp());
    const retry = kubeflowSubmissionFailedApp();
    const status = retry.status as Record<string, unknown>;
    status.submissionAttempts = 2;
    status.lastSubmissionAttemptTime = fixtureTime(22_000);
    const app = observeAll([[failed1, T0 + 3_000], [read(retry), T0 + 23_000]]);
    expect(app.history).toEqual([
      { phase: 'submission-failed', raw: 'SUBMISSION_FAILED', at: T0 + 2_000, message: KUBEFLOW_SUBMISSION_ERROR, attempt: 1 },
      { phase: 'submission-failed', raw: 'SUBMISSION_FAILED', at: T0 + 22_000, message: KUBEFLOW_SUBMISSION_ERROR, attempt: 2 },
    ]);
  });

  it('returns the same history when nothing changed, and fills a message that came later', () => {
    const running = read(kubeflowApp('RUNNING'));
    const held = { ...running, history: observeState(null, running, T0 + 30_000) };
    expect(observeState(held, running, T0 + 40_000)).toBe(held.history);
    const withError = { ...running, errorMessage: 'driver pod not found' };
    expect(observeState(held, withError, T0 + 50_000)).toEqual([{ ...held.history[0], message: 'driver pod not found' }]);
  });

  it('starts afresh for a new resource under the same name', () => {
    const old = observeAll([[read(kubeflowApp('FAILED')), T0 + 400_000]]);
    const recreated = { ...read(kubeflowNewApp()), uid: 'another-uid', createdAt: T0 + 500_000 };
    expect(entries({ ...recreated, history: observeState(old, recreated, T0 + 501_000) })).toEqual([['', 'new', T0 + 500_000, null]]);
    expect(old.history[0].message).toBe(KUBEFLOW_DRIVER_FAILED_ERROR);
  });

  it('never dates an entry before the one it follows, nor after now', () => {
    const app = observeAll([
      [read(kubeflowApp('RUNNING')), T0 + 900_000],
      // A terminationTime earlier than when RUNNING was seen, then one in the future.
      [read(kubeflowApp('FAILING')), T0 + 901_000],
    ]);
    expect(app.history.map((e) => e.at)).toEqual([T0 + 900_000, T0 + 901_000]);
    const late = read(kubeflowApp('COMPLETED'));
    expect(observeState(null, late, T0 + 1_000)[0].at).toBe(T0 + 1_000);
  });

  it('is bounded, keeping the first entry and the newest', () => {
    const seen: [OperatorApp, number][] = [];
    for (let i = 0; i < 30; i++) {
      seen.push([{ ...read(kubeflowApp('RUNNING')), executionAttempts: i + 1 }, T0 + i * 10_000]);
      seen.push([{ ...read(kubeflowApp('PENDING_RERUN')), executionAttempts: i + 1 }, T0 + i * 10_000 + 5_000]);
    }
    const app = observeAll(seen, 10);
    expect(app.history).toHaveLength(10);
    expect(app.history[0]).toMatchObject({ raw: 'RUNNING', attempt: 1 });
    expect(app.history[9]).toMatchObject({ raw: 'PENDING_RERUN', attempt: null, at: T0 + 295_000 });
    expect(app.history.slice(1, 3).map((x) => [x.raw, x.attempt])).toEqual([['PENDING_RERUN', null], ['RUNNING', 27]]);
  });
});

describe('boundHistory', () => {
  const e = (i: number) => ({ phase: 'running' as const, raw: `S${i}`, at: i, message: null, attempt: null });
  it('keeps at least two entries and treats NaN as the default', () => {
    const h = [e(0), e(1), e(2), e(3)];
    expect(boundHistory(h, 1).map((x) => x.raw)).toEqual(['S0', 'S3']);
    expect(boundHistory(h, 3).map((x) => x.raw)).toEqual(['S0', 'S2', 'S3']);
    expect(boundHistory(h, Number.NaN)).toBe(h);
    expect(boundHistory(h, Number.POSITIVE_INFINITY)).toBe(h);
  });
});
