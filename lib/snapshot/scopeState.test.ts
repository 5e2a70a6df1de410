import { describe, expect, it } from 'vitest';
import type { AppSummary } from './appSummary';
import { summarizeApp } from './appSummary';
import type { ExecutorRow, Transition } from './executorRow';
import { boundTransitions, STATE_CODE } from './executorRow';
import type { ScopeState } from './scopeState';
import { applyDiff, diffFit, diffScopeStates, emptyScopeState } from './scopeState';
import { EXECUTOR_POD_STATES } from '../spark/podState';
import { mulberry32 as rng } from '../random/mulberry32';

function row(k: number, uid: string, at: number): ExecutorRow {
  return {
    k, uid, name: `app-exec-${uid}`, role: 'executor', executorId: k + 1, badExecutorId: null, state: 'pending',
    phase: 'Pending', deleting: false, inactive: false, gone: false, node: null, restarts: 0, profileId: 0,
    createdAt: at, startedAt: null, finishedAt: null, deletedAt: null, reason: null, exitCode: null, anomaly: null,
    since: at, tr: [[STATE_CODE.pending, at]],
  };
}

function trimmed(rows: readonly (ExecutorRow | null)[]) {
  const out = rows.map((r) => r ?? null);
  while (out.length && out[out.length - 1] === null) out.pop();
  return out;
}

describe('applyDiff', () => {
  it('returns the same state for a stale diff and reports gaps', () => {
    const s0 = { ...emptyScopeState('app:ns/a', 8), seq: 10 };
    const stale = { scope: 'app:ns/a', seq: 10, at: 1 };
    const gap = { scope: 'app:ns/a', seq: 12, at: 1 };
    expect(diffFit(s0, stale)).toBe('stale');
    expect(diffFit(s0, gap)).toBe('gap');
    expect(applyDiff(s0, stale)).toBe(s0);
    expect(applyDiff(s0, gap)).toBe(s0);
    expect(diffFit(s0, { scope: 'app:ns/b', seq: 11, at: 1 })).toBe('gap');
  });

  it('keeps the identity of rows a diff does not touch', () => {
    const a = row(0, 'a', 1000), b = row(1, 'b', 1000);
    const s0: ScopeState = { ...emptyScopeState('app:ns/x', 8), seq: 1, rows: [a, b] };
    const next = { ...b, state: 'running' as const, phase: 'Running', since: 2000, tr: [...b.tr, [STATE_CODE.running, 2000] as Transition] };
    const diff = diffScopeStates(s0, { rows: [a, next], apps: {}, at: 2000 });
    expect(diff.changed).toEqual([{ k: 1, state: 'running', phase: 'Running', since: 2000, append: [[STATE_CODE.running, 2000]] }]);
    const s1 = applyDiff(s0, diff);
    expect(s1.rows[0]).toBe(a);
    expect(s1.rows[1]).toEqual(next);
  });

  it('frees and refills a slot in one diff', () => {
    const a = row(0, 'a', 1000);
    const s0: ScopeState = { ...emptyScopeState('app:ns/x', 8), seq: 1, rows: [a] };
    const c = row(0, 'c', 3000);
    const diff = diffScopeStates(s0, { rows: [c], apps: {}, at: 3000 });
    expect(diff.removed).toEqual([0]);
    expect(diff.added).toEqual([c]);
    expect(applyDiff(s0, diff).rows).toEqual([c]);
  });

  it('sends the whole transition list when history was rewritten by the bound', () => {
    const base = row(0, 'a', 0);
    const long: Transition[] = Array.from({ length: 6 }, (_, i) => [i % 2 ? STATE_CODE.running : STATE_CODE.unknown, i * 10] as Transition);
    const prev = { ...base, tr: boundTransitions(long, 4) };
    const next = { ...base, tr: [[STATE_CODE.failed, 999]] as Transition[] };
    const s0: ScopeState = { ...emptyScopeState('app:ns/x', 4), seq: 1, rows: [prev] };
    const diff = diffScopeStates(s0, { rows: [next], apps: {}, at: 1000 });
    expect(diff.changed?.[0].tr).toEqual(next.tr);
    expect(applyDiff(s0, diff).rows[0]).toEqual(next);
  });

  it('property: snapshot(N) + diffs N+1..M = snapshot(M), over random histories', () => {
    const states = EXECUTOR_POD_STATES;
    for (let seed = 1; seed <= 40; seed++) {
      const random = rng(seed);
      const maxTransitions = 2 + Math.floor(random() * 6);
      let truth: (ExecutorRow | null)[] = [];
      let apps: Record<string, AppSummary> = {};
      let published = { ...emptyScopeState('app:ns/p', maxTransitions), seq: 100 };
      const snapshots: ScopeState[] = [published];
      const diffs = [];
      let uidCounter = 0, t = 1000;
      for (let step = 0; step < 120; step++) {
        t += 1 + Math.floor(random() * 100);
        truth = truth.slice();
        const ops = 1 + Math.floor(random() * 8);
        for (let o = 0; o < ops; o++) {
          const roll = random();
          const live = truth.map((r, i) => (r ? i : -1)).filter((i) => i >= 0);
          if (roll < 0.3 || live.length === 0) {
            const free = truth.findIndex((r) => r === null);
            const k = free >= 0 && random() < 0.5 ? free : truth.length;
            truth[k] = row(k, `u${uidCounter++}`, t);
          } else if (roll < 0.4) {
            truth[live[Math.floor(random() * live.length)]] = null;
          } else {
            const k = live[Math.floor(random() * live.length)];
            const r = truth[k]!;
            const state = states[Math.floor(random() * states.length)];
            const changed: ExecutorRow = { ...r, restarts: r.restarts + (random() < 0.2 ? 1 : 0), node: random() < 0.3 ? `node-${Math.floor(random() * 5)}` : r.node };
            if (state !== r.state) {
              changed.state = state;
              changed.since = t;
              changed.tr = boundTransitions([...r.tr, [STATE_CODE[state], t]], maxTransitions);
            }
            truth[k] = changed;
          }
        }
        apps = { 'c/ns/p': summarizeApp({ cluster: 'c', namespace: 'ns', appId: 'p', appName: 'p' }, truth) };
        const diff = diffScopeStates(published, { rows: truth, apps, at: t });
        diffs.push(diff);
        published = applyDiff(published, diff);
        snapshots.push(published);
        expect(trimmed(published.rows)).toEqual(trimmed(truth));
        expect(published.apps).toEqual(apps);
      }
      // A client that joined at any N and applied every later diff holds exactly snapshot(M).
      for (const n of [0, 17, 60]) {
        let client = JSON.parse(JSON.stringify(snapshots[n])) as ScopeState;
        for (const d of diffs.slice(n)) client = applyDiff(client, JSON.parse(JSON.stringify(d)));
        expect(client.seq).toBe(published.seq);
        expect(trimmed(client.rows)).toEqual(trimmed(published.rows));
        expect(client.apps).toEqual(published.apps);
      }
    }
  });
});
