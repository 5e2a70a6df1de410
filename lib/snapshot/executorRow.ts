// The compact projection of one Spark pod that crosses the socket: everything the live
// views draw, nothing they can fetch on demand (whole objects, exit texts, volumes).
// Rows live in a scope's slot array; `k` is the slot, so diffs name a row in a few bytes.

import type { ExecutorPodState } from '../spark/podState';
import { EXECUTOR_POD_STATES } from '../spark/podState';

export type PodRole = 'driver' | 'executor' | 'other';

/** One state change: [index into EXECUTOR_POD_STATES, epoch ms]. Tuples keep diffs small. */
export type Transition = readonly [state: number, at: number];

export interface ExecutorRow {
  k: number;
  uid: string;
  name: string;
  role: PodRole;
  /** Spark's executor id; null while the pod is not registered (no label, or the EXECID placeholder). */
  executorId: number | null;
  /** The raw `spark-exec-id` label when it is not a number Spark accepts. */
  badExecutorId: string | null;
  state: ExecutorPodState;
  phase: string | null;
  /** deletionTimestamp is set but Spark's rules still see the pod as alive. */
  deleting: boolean;
  /** Labelled spark-exec-inactive=true: Spark hides it, we keep it as history. */
  inactive: boolean;
  /** No longer in the API (a DELETED event, or missing from a full list). */
  gone: boolean;
  node: string | null;
  restarts: number;
  profileId: number | null;
  createdAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  deletedAt: number | null;
  /** Short reason: the Spark container's terminated/waiting reason, or the pod's. */
  reason: string | null;
  exitCode: number | null;
  /** Where Spark itself would throw on this pod: what is wrong, in words. */
  anomaly: string | null;
  /** When the current state began. */
  since: number;
  tr: Transition[];
}

/**
 * A pod's row as the store core records it. The same object is what the application's scope
 * publishes (one copy per pod, not two): `k`, its slot there, is -1 until the scope publisher,
 * its only writer, places it. Every other field is never changed once the row is made.
 */
export type PodRow = ExecutorRow;

/** The slot of a row no scope has placed yet. */
export const UNPLACED = -1;

/** Fields a diff may change on an existing row; `append` adds transitions, `tr` replaces them all. */
export type ExecutorPatch = { k: number; append?: Transition[]; tr?: Transition[] } & Partial<Omit<ExecutorRow, 'k' | 'uid' | 'tr'>>;

export const STATE_CODE: Readonly<Record<ExecutorPodState, number>> = Object.fromEntries(
  EXECUTOR_POD_STATES.map((s, i) => [s, i]),
) as Record<ExecutorPodState, number>;

export function stateOfCode(code: number): ExecutorPodState {
  return EXECUTOR_POD_STATES[code] ?? 'unknown';
}

/** Fields compared when deciding whether a row changed (everything but k, uid, tr). */
export const ROW_FIELDS = [
  'name', 'role', 'executorId', 'badExecutorId', 'state', 'phase', 'deleting', 'inactive', 'gone',
  'node', 'restarts', 'profileId', 'createdAt', 'startedAt', 'finishedAt', 'deletedAt', 'reason', 'exitCode',
  'anomaly', 'since',
] as const satisfies readonly (keyof ExecutorRow)[];

/**
 * Keeps a transition list within `max` entries. The first transition (the pod's birth)
 * is kept so a timeline always starts where the pod started; the oldest middle ones go.
 */
export function boundTransitions(tr: Transition[], max: number): Transition[] {
  if (tr.length <= max) return tr;
  if (max <= 1) return tr.slice(tr.length - 1);
  return [tr[0], ...tr.slice(tr.length - (max - 1))];
}
