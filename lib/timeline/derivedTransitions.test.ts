import { describe, expect, it } from 'vitest';
import { STATE_CODE } from '../snapshot/executorRow';
import type { LifecycleFacts } from './derivedTransitions';
import { deriveTransitions, transitionsForChange } from './derivedTransitions';

const C = STATE_CODE;
const facts = (f: Partial<LifecycleFacts>): LifecycleFacts => ({ state: 'pending', createdAt: null, startedAt: null, finishedAt: null, deletedAt: null, exitCode: null, ...f });

describe('deriveTransitions', () => {
  it('a pod first seen running gets pending at creation and running at container start', () => {
    expect(deriveTransitions(facts({ state: 'running', createdAt: 100, startedAt: 250 }), 1000)).toEqual([[C.pending, 100], [C.running, 250]]);
  });

  it('a failed pod goes through running to failed at its finish time', () => {
    expect(deriveTransitions(facts({ state: 'failed', createdAt: 100, startedAt: 200, finishedAt: 900, exitCode: 137 }), 1000))
      .toEqual([[C.pending, 100], [C.running, 200], [C.failed, 900]]);
  });

  it('a deleted pod that had finished first shows its end, then the deletion', () => {
    expect(deriveTransitions(facts({ state: 'deleted', createdAt: 100, startedAt: 200, finishedAt: 500, exitCode: 1, deletedAt: 600 }), 1000))
      .toEqual([[C.pending, 100], [C.running, 200], [C.failed, 500], [C.deleted, 600]]);
  });

  it('a pod deleted while still pending never ran', () => {
    expect(deriveTransitions(facts({ state: 'deleted', createdAt: 100, deletedAt: 300 }), 1000)).toEqual([[C.pending, 100], [C.deleted, 300]]);
  });

  it('missing times borrow the next known one, and the last falls back to the observation', () => {
    expect(deriveTransitions(facts({ state: 'succeeded', startedAt: 200 }), 1000)).toEqual([[C.pending, 200], [C.running, 200], [C.succeeded, 1000]]);
    expect(deriveTransitions(facts({ state: 'unknown', createdAt: 100 }), 1000)).toEqual([[C.pending, 100], [C.unknown, 1000]]);
  });

  it('times never go backwards, even when the pod says they do', () => {
    expect(deriveTransitions(facts({ state: 'failed', createdAt: 500, startedAt: 300, finishedAt: 400, exitCode: 1 }), 1000))
      .toEqual([[C.pending, 300], [C.running, 300], [C.failed, 400]]);
  });
});

describe('transitionsForChange', () => {
  it('fills in the steps a tracked pod skipped while we were not looking', () => {
    expect(transitionsForChange([[C.pending, 100]], facts({ state: 'succeeded', createdAt: 100, startedAt: 200, finishedAt: 800, exitCode: 0 }), 1000))
      .toEqual([[C.running, 200], [C.succeeded, 800]]);
  });

  it('dates a return to an earlier state at the observation', () => {
    expect(transitionsForChange([[C.pending, 100], [C.running, 200], [C.unknown, 500]], facts({ state: 'running', createdAt: 100, startedAt: 200 }), 700))
      .toEqual([[C.running, 700]]);
  });

  it('adds nothing when the state did not change', () => {
    expect(transitionsForChange([[C.pending, 100], [C.running, 200]], facts({ state: 'running', createdAt: 100, startedAt: 200 }), 700)).toEqual([]);
  });

  it('never dates a change before the last recorded transition', () => {
    const out = transitionsForChange([[C.pending, 100], [C.running, 900]], facts({ state: 'failed', createdAt: 100, startedAt: 200, finishedAt: 300, exitCode: 1 }), 1000);
    expect(out).toEqual([[C.failed, 1000]]);
  });
});
