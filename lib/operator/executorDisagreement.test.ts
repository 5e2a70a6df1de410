import { describe, expect, it } from 'vitest';
import { executorDisagreements } from './executorDisagreement';
import type { ExecutorPodState } from '../spark/podState';

const ours = (entries: Record<string, ExecutorPodState | null>): Map<string, ExecutorPodState | null> => new Map(Object.entries(entries));

describe('executorDisagreements', () => {
  it('finds none where the operator and Spark agree', () => {
    expect(executorDisagreements(
      { 'e-1': 'PENDING', 'e-2': 'RUNNING', 'e-3': 'COMPLETED', 'e-4': 'FAILED', 'e-5': 'UNKNOWN' },
      ours({ 'e-1': 'pending', 'e-2': 'running', 'e-3': 'succeeded', 'e-4': 'failed', 'e-5': 'unknown' }),
      'running',
    )).toEqual([]);
  });

  it('accepts a finished executor deleted or gone afterwards, and a lost one the operator calls UNKNOWN', () => {
    expect(executorDisagreements(
      { 'e-1': 'COMPLETED', 'e-2': 'FAILED', 'e-3': 'COMPLETED', 'e-4': 'FAILED', 'e-5': 'UNKNOWN', 'e-6': 'UNKNOWN' },
      ours({ 'e-1': 'deleted', 'e-2': 'terminating', 'e-4': null, 'e-5': 'deleted' }),
    )).toEqual([]);
  });

  it('finds an executor Spark counts as failed while its pod still runs', () => {
    expect(executorDisagreements({ 'e-1': 'RUNNING', 'e-2': 'RUNNING' }, ours({ 'e-1': 'failed', 'e-2': 'running' }), 'running'))
      .toEqual([{ pod: 'e-1', operator: 'RUNNING', ours: 'failed' }]);
  });

  it('finds executors the operator still calls alive that are gone or going', () => {
    expect(executorDisagreements({ 'e-3': 'PENDING', 'e-1': 'RUNNING', 'e-2': 'RUNNING' }, ours({ 'e-1': 'terminating', 'e-2': 'deleted' }))).toEqual([
      { pod: 'e-1', operator: 'RUNNING', ours: 'terminating' },
      { pod: 'e-2', operator: 'RUNNING', ours: 'deleted' },
      { pod: 'e-3', operator: 'PENDING', ours: null },
    ]);
  });

  it('finds a final application whose executors the operator still calls RUNNING, even where the pod runs', () => {
    for (const phase of ['completed', 'failed', 'submission-failed'] as const) {
      expect(executorDisagreements({ 'e-1': 'RUNNING', 'e-2': 'COMPLETED' }, ours({ 'e-1': 'running', 'e-2': 'succeeded' }), phase))
        .toEqual([{ pod: 'e-1', operator: 'RUNNING', ours: 'running' }]);
    }
    expect(executorDisagreements({ 'e-1': 'RUNNING' }, ours({ 'e-1': 'running' }), 'succeeding')).toEqual([]);
  });

  it('finds opposite outcomes and words it does not know', () => {
    expect(executorDisagreements({ 'e-1': 'COMPLETED', 'e-2': 'FAILED', 'e-3': 'LOST' }, ours({ 'e-1': 'failed', 'e-2': 'succeeded', 'e-3': 'unknown' }))).toEqual([
      { pod: 'e-1', operator: 'COMPLETED', ours: 'failed' },
      { pod: 'e-2', operator: 'FAILED', ours: 'succeeded' },
      { pod: 'e-3', operator: 'LOST', ours: 'unknown' },
    ]);
  });

  it('ignores executors only the dashboard knows, and values of the wrong type', () => {
    const malformed = { 'e-1': 3 } as unknown as Record<string, string>;
    expect(executorDisagreements(malformed, ours({ 'e-1': 'running', 'e-9': 'running' }))).toEqual([]);
    expect(executorDisagreements({}, ours({ 'e-9': 'failed' }), 'completed')).toEqual([]);
  });
});
