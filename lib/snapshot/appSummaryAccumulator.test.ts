import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random/mulberry32';
import { EXECUTOR_POD_STATES } from '../spark/podState';
import { summarizeApp } from './appSummary';
import { AppSummaryAccumulator, type SummaryRow } from './appSummaryAccumulator';

const identity = { cluster: 'prod-eu', namespace: 'spark-etl', appId: 'spark-0123', appName: 'nightly' };

function randomRow(random: () => number, uid: string): SummaryRow {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const role = pick(['executor', 'executor', 'executor', 'driver', 'other'] as const);
  const at = 1_700_000_000_000 + Math.floor(random() * 50) * 1000;
  return {
    uid, name: `p-${uid}`, role, executorId: random() < 0.1 ? null : Math.floor(random() * 100), badExecutorId: null,
    state: pick(EXECUTOR_POD_STATES), phase: 'Running', deleting: random() < 0.1, inactive: random() < 0.1, gone: random() < 0.2,
    node: null, restarts: 0, profileId: 0, createdAt: random() < 0.1 ? null : at, startedAt: null, finishedAt: null, deletedAt: null,
    reason: null, exitCode: null, anomaly: random() < 0.05 ? 'no phase' : null, since: at + Math.floor(random() * 20) * 1000,
  };
}

describe('AppSummaryAccumulator', () => {
  it('equals summarizeApp over the same rows through a seeded run of adds, changes and removals', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = mulberry32(seed);
      const acc = new AppSummaryAccumulator(identity);
      const rows = new Map<string, SummaryRow>();
      for (let step = 0; step < 2000; step++) {
        const r = random();
        const uids = [...rows.keys()];
        if (r < 0.4 || uids.length === 0) {
          const uid = `u${step}`;
          const row = randomRow(random, uid);
          rows.set(uid, row);
          acc.add(row);
        } else if (r < 0.85) {
          const uid = uids[Math.floor(random() * uids.length)];
          const next = randomRow(random, uid);
          acc.replace(rows.get(uid)!, next);
          rows.set(uid, next);
        } else {
          const uid = uids[Math.floor(random() * uids.length)];
          acc.remove(rows.get(uid)!);
          rows.delete(uid);
        }
        if (step % 7 === 0) expect(acc.summary()).toEqual(summarizeApp(identity, rows.values()));
      }
      expect(acc.summary()).toEqual(summarizeApp(identity, rows.values()));
      expect(acc.size).toBe(rows.size);
    }
  });

  it('keeps the summary object until a row changes, and follows a renamed application', () => {
    const acc = new AppSummaryAccumulator(identity);
    const first = acc.summary();
    expect(acc.summary()).toBe(first);
    acc.rename('nightly-v2');
    expect(acc.summary()).not.toBe(first);
    expect(acc.summary().appName).toBe('nightly-v2');
    expect(acc.summary().key).toBe('prod-eu/spark-etl/spark-0123');
  });
});
