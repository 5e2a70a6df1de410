// The state of one subscription scope and the one reducer that moves it forward.
// The server publishes with applyDiff and the browser renders with applyDiff, so
// snapshot(N) + diffs N+1..M = snapshot(M) is a property of this file alone.
// Structural sharing: untouched rows and summaries keep their identity.

import { jsonEqual } from '../collections/jsonEqual';
import type { AppSummary } from './appSummary';
import type { ExecutorPatch, ExecutorRow, Transition } from './executorRow';
import { boundTransitions } from './executorRow';

export interface ScopeState {
  scope: string;
  seq: number;
  at: number;
  /** Bound on each row's transition list; both sides must apply the same bound. */
  maxTransitions: number;
  /** Slot array: a row's index is its `k`. Freed slots are null and may be reused. */
  rows: readonly (ExecutorRow | null)[];
  apps: Readonly<Record<string, AppSummary>>;
}

export interface ScopeDiff {
  scope: string;
  seq: number;
  at: number;
  /** Slots emptied; applied before `added`, so a slot can be freed and refilled in one diff. */
  removed?: number[];
  added?: ExecutorRow[];
  changed?: ExecutorPatch[];
  apps?: AppSummary[];
  removedApps?: string[];
}

export function emptyScopeState(scope: string, maxTransitions: number): ScopeState {
  return { scope, seq: 0, at: 0, maxTransitions, rows: [], apps: {} };
}

export function isEmptyDiff(diff: ScopeDiff): boolean {
  return !diff.removed?.length && !diff.added?.length && !diff.changed?.length && !diff.apps?.length && !diff.removedApps?.length;
}

export type DiffFit = 'next' | 'stale' | 'gap';

/** Whether `diff` follows `state` directly; a gap means the receiver must resync. */
export function diffFit(state: ScopeState, diff: ScopeDiff): DiffFit {
  if (diff.scope !== state.scope) return 'gap';
  if (diff.seq === state.seq + 1) return 'next';
  return diff.seq <= state.seq ? 'stale' : 'gap';
}

function applyPatch(row: ExecutorRow, patch: ExecutorPatch, maxTransitions: number): ExecutorRow {
  const { k: _k, append, ...fields } = patch;
  const next: ExecutorRow = { ...row, ...fields };
  if (append && append.length) next.tr = boundTransitions([...(fields.tr ?? row.tr), ...append], maxTransitions);
  return next;
}

/** Applies the diff that directly follows `state`. Stale or gapped diffs return `state` unchanged. */
export function applyDiff(state: ScopeState, diff: ScopeDiff): ScopeState {
  if (diffFit(state, diff) !== 'next') return state;
  let rows = state.rows;
  const touchRows = () => { if (rows === state.rows) rows = state.rows.slice(); return rows as (ExecutorRow | null)[]; };
  for (const k of diff.removed ?? []) touchRows()[k] = null;
  for (const row of diff.added ?? []) {
    const arr = touchRows();
    while (arr.length < row.k) arr.push(null);
    arr[row.k] = row;
  }
  for (const patch of diff.changed ?? []) {
    const row = rows[patch.k];
    if (!row) continue;
    touchRows()[patch.k] = applyPatch(row, patch, state.maxTransitions);
  }
  if (rows !== state.rows) {
    const mutable = rows as (ExecutorRow | null)[];
    while (mutable.length && mutable[mutable.length - 1] == null) mutable.pop();
  }
  let apps = state.apps;
  if (diff.apps?.length || diff.removedApps?.length) {
    const nextApps: Record<string, AppSummary> = { ...state.apps };
    for (const key of diff.removedApps ?? []) delete nextApps[key];
    for (const app of diff.apps ?? []) nextApps[app.key] = app;
    apps = nextApps;
  }
  return { ...state, seq: diff.seq, at: diff.at, rows, apps };
}

// ---------------------------------------------------------------- building diffs

function sameTransition(a: Transition, b: Transition): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** The transitions of `next` that come after the last one of `prev`, or null when history was rewritten. */
function appendedTransitions(prev: readonly Transition[], next: readonly Transition[]): Transition[] | null {
  if (prev === next) return [];
  if (prev.length === 0) return next.slice();
  const last = prev[prev.length - 1];
  for (let i = next.length - 1; i >= 0; i--) {
    if (sameTransition(next[i], last)) return next.slice(i + 1);
  }
  return null;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b;
}

/** The patch turning `prev` into `next` (same slot), or null when nothing visible changed. */
export function diffRow(prev: ExecutorRow, next: ExecutorRow, maxTransitions: number): ExecutorPatch | null {
  if (prev === next) return null;
  const patch: ExecutorPatch = { k: next.k };
  let changed = false;
  for (const key of Object.keys(next) as (keyof ExecutorRow)[]) {
    if (key === 'k' || key === 'uid' || key === 'tr') continue;
    if (!sameValue(prev[key], next[key])) {
      (patch as Record<string, unknown>)[key] = next[key];
      changed = true;
    }
  }
  const appended = appendedTransitions(prev.tr, next.tr);
  const replayed = appended && boundTransitions([...prev.tr, ...appended], maxTransitions);
  const replayMatches = replayed && replayed.length === next.tr.length && replayed.every((t, i) => sameTransition(t, next.tr[i]));
  if (appended && replayMatches) {
    if (appended.length) { patch.append = appended; changed = true; }
  } else {
    patch.tr = next.tr;
    changed = true;
  }
  return changed ? patch : null;
}

/**
 * Which of `keys` changed between `prev` and `next` (undefined: gone): a summary that is a new
 * object with the same content is no change.
 */
export function diffApps(prev: Readonly<Record<string, AppSummary>>, next: (key: string) => AppSummary | undefined, keys: Iterable<string>): { apps: AppSummary[]; removedApps: string[] } {
  const apps: AppSummary[] = [], removedApps: string[] = [];
  for (const key of new Set(keys)) {
    const a = prev[key], b = next(key);
    if (a === b) continue;
    if (!b) removedApps.push(key);
    else if (!a || !jsonEqual(a, b)) apps.push(b);
  }
  return { apps, removedApps };
}

/**
 * The diff from `prev` to `next`. `hint` limits the comparison to slots and apps known to
 * have changed (the server tracks them); without it every slot and app is compared.
 */
export function diffScopeStates(
  prev: ScopeState,
  next: { rows: readonly (ExecutorRow | null)[]; apps: Readonly<Record<string, AppSummary>>; at: number },
  hint?: { slots: Iterable<number>; apps: Iterable<string> },
): ScopeDiff {
  const diff: ScopeDiff = { scope: prev.scope, seq: prev.seq + 1, at: next.at };
  const removed: number[] = [], added: ExecutorRow[] = [], changed: ExecutorPatch[] = [];
  const slots = hint ? hint.slots : Array.from({ length: Math.max(prev.rows.length, next.rows.length) }, (_, i) => i);
  const seen = new Set<number>();
  for (const k of slots) {
    if (seen.has(k)) continue;
    seen.add(k);
    const a = prev.rows[k] ?? null, b = next.rows[k] ?? null;
    if (a === b) continue;
    if (a && (!b || a.uid !== b.uid)) removed.push(k);
    if (b && (!a || a.uid !== b.uid)) added.push(b);
    else if (a && b) {
      const patch = diffRow(a, b, prev.maxTransitions);
      if (patch) changed.push(patch);
    }
  }
  const appKeys = hint ? hint.apps : new Set([...Object.keys(prev.apps), ...Object.keys(next.apps)]);
  const { apps, removedApps } = diffApps(prev.apps, (key) => next.apps[key], appKeys);
  if (removed.length) diff.removed = removed.sort((x, y) => x - y);
  if (added.length) diff.added = added;
  if (changed.length) diff.changed = changed;
  if (apps.length) diff.apps = apps;
  if (removedApps.length) diff.removedApps = removedApps;
  return diff;
}
