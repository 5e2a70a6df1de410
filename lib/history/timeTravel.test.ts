import { describe, expect, it } from 'vitest';
import { STATE_CODE, type ExecutorRow } from '../snapshot/executorRow';
import { rowAt, rowsAt } from './timeTravel';

function row(over: Partial<ExecutorRow> = {}): ExecutorRow {
  return {
    k: 0, uid: 'u1', name: 'exec-1', role: 'executor', executorId: 1, badExecutorId: null, state: 'failed', phase: 'Failed', deleting: false,
    inactive: false, gone: false, node: 'n1', restarts: 0, profileId: 0, createdAt: 1000, startedAt: 2000, finishedAt: 5000, deletedAt: null,
    reason: 'OOMKilled', exitCode: 137, anomaly: null, since: 5000,
    tr: [[STATE_CODE.pending, 1000], [STATE_CODE.running, 2000], [STATE_CODE.failed, 5000]], ...over,
  };
}

describe('rowAt', () => {
  it('is null before the pod existed and the row itself after its last transition', () => {
    const r = row();
    expect(rowAt(r, 999)).toBeNull();
    expect(rowAt(r, 5000)).toBe(r);
    expect(rowAt(r, 9999)).toBe(r);
  });

  it('takes the state entered by then, without the exit of a later end', () => {
    const at = rowAt(row(), 3000)!;
    expect(at.state).toBe('running');
    expect(at.since).toBe(2000);
    expect(at.tr).toEqual([[STATE_CODE.pending, 1000], [STATE_CODE.running, 2000]]);
    expect(at.reason).toBeNull();
    expect(at.exitCode).toBeNull();
    expect(at.finishedAt).toBeNull();
    expect(rowAt(row(), 1500)!.state).toBe('pending');
  });

  it('a deleted pod is gone only from its deletion on', () => {
    const r = row({ state: 'deleted', gone: true, deletedAt: 8000, since: 8000, tr: [...row().tr, [STATE_CODE.deleted, 8000]] });
    expect(rowAt(r, 6000)!.gone).toBe(false);
    expect(rowAt(r, 6000)!.deletedAt).toBeNull();
    expect(rowAt(r, 6000)!.state).toBe('failed');
    expect(rowAt(r, 8000)!.gone).toBe(true);
  });
});

describe('rowsAt', () => {
  it('leaves out pods created later and skips empty slots', () => {
    const a = row(), b = row({ uid: 'u2', createdAt: 4000, tr: [[STATE_CODE.pending, 4000]], state: 'pending', since: 4000 });
    expect(rowsAt([a, null, b], 3000).map((r) => r.uid)).toEqual(['u1']);
    expect(rowsAt([a, null, b], 4500).map((r) => [r.uid, r.state])).toEqual([['u1', 'running'], ['u2', 'pending']]);
  });
});
