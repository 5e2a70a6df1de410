// Truthful timelines for pods we first see in mid-life (the dashboard started late, the
// watch was down): the earlier transitions are derived from the pod's own timestamps
// (creation, container start, container finish, deletion) instead of "now".

import type { ExecutorPodState } from '../spark/podState';
import type { Transition } from '../snapshot/executorRow';
import { STATE_CODE } from '../snapshot/executorRow';

/** The timestamps of one pod that mark Spark state changes, already parsed (null = unknown). */
export interface LifecycleFacts {
  state: ExecutorPodState;
  createdAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  deletedAt: number | null;
  exitCode: number | null;
}

type Step = [ExecutorPodState, number | null];

function steps(f: LifecycleFacts): Step[] {
  const out: Step[] = [['pending', f.createdAt]];
  const ranTo = (t: number | null) => f.startedAt !== null && (t === null || f.startedAt <= t);
  switch (f.state) {
    case 'pending':
      return out;
    case 'running':
      out.push(['running', f.startedAt]);
      return out;
    case 'succeeded':
    case 'failed':
      if (ranTo(f.finishedAt)) out.push(['running', f.startedAt]);
      out.push([f.state, f.finishedAt]);
      return out;
    case 'deleted': {
      if (ranTo(f.deletedAt)) out.push(['running', f.startedAt]);
      // A container that finished before the deletion was asked for ended the executor first.
      if (f.finishedAt !== null && f.exitCode !== null && (f.deletedAt === null || f.finishedAt <= f.deletedAt)) {
        out.push([f.exitCode === 0 ? 'succeeded' : 'failed', f.finishedAt]);
      }
      out.push(['deleted', f.deletedAt]);
      return out;
    }
    default:
      if (f.startedAt !== null) out.push(['running', f.startedAt]);
      out.push([f.state, null]);
      return out;
  }
}

/**
 * The transitions a pod went through to reach its current state, oldest first.
 * Unknown times are filled from the next known one (or `observedAt` for the last step),
 * and times never go backwards.
 */
export function deriveTransitions(facts: LifecycleFacts, observedAt: number): Transition[] {
  const list = steps(facts);
  const times: number[] = new Array(list.length);
  let next = observedAt;
  for (let i = list.length - 1; i >= 0; i--) {
    const t = list[i][1];
    times[i] = t !== null && t <= next ? t : next;
    next = times[i];
  }
  return list.map(([state], i) => [STATE_CODE[state], times[i]] as const);
}

/**
 * Transitions to append when a tracked pod moves from its last recorded state to
 * `facts.state`: the derived steps that follow the last recorded state, never earlier
 * than it. A return to an earlier state (unknown → running) is dated `observedAt`.
 */
export function transitionsForChange(recorded: readonly Transition[], facts: LifecycleFacts, observedAt: number): Transition[] {
  const last = recorded[recorded.length - 1];
  const target = STATE_CODE[facts.state];
  if (last && last[0] === target) return [];
  const derived = deriveTransitions(facts, observedAt);
  if (!last) return derived;
  let from = -1;
  for (let i = derived.length - 1; i >= 0; i--) if (derived[i][0] === last[0]) { from = i; break; }
  const tail = from >= 0 ? derived.slice(from + 1) : derived.slice(-1);
  const out: Transition[] = [];
  let floor = last[1];
  for (const [state, at] of tail) {
    const t = at >= floor ? at : Math.max(observedAt, floor);
    out.push([state, t]);
    floor = t;
  }
  return out;
}
