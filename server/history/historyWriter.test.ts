import { describe, expect, it } from 'vitest';
import { STATE_CODE, type PodRow } from '../../lib/snapshot/executorRow';
import { createLogger } from '../log';
import { ManualScheduler } from '../scheduling/manualScheduler';
import type { ChangeBatch, PodVersion } from '../store/changeBatch';
import type { HistoryDatabase, SqlClient } from './historyDatabase';
import { APP_SUMMARY_EVERY_MS, finalState, HistoryWriter, MAX_PODS_PER_WRITE, occurrences } from './historyWriter';
import { soleWriter } from './writerLease';

function version(uid: string): PodVersion {
  const row: PodRow = {
    k: -1, uid, name: uid, role: 'executor', executorId: 1, badExecutorId: null, state: 'running', phase: 'Running', deleting: false, inactive: false, gone: false,
    node: null, restarts: 0, profileId: 0, createdAt: 1, startedAt: 2, finishedAt: null, deletedAt: null, reason: null, exitCode: null, anomaly: null, since: 2,
    tr: [[STATE_CODE.pending, 1], [STATE_CODE.running, 2]],
  };
  return { uid, namespace: 'ns', appId: 'app', appName: 'job', row, claimNames: [], cores: null, resources: null, waiting: null };
}

const batch = (seq: number, uids: string[]): ChangeBatch => ({ seq, at: seq, changes: uids.map((u) => ({ uid: u, before: null, after: version(u), transitions: version(u).row.tr.slice(), driverLog: [], receivedAt: seq })), listings: [], reset: null });

/** A database the test turns off and on; it records the pods, and the applications' ids and final states, of each write. */
function switchableDb() {
  let up = false;
  const written: string[][] = [];
  const apps: { ids: string[]; finals: (string | null)[] }[] = [];
  const tx: SqlClient = {
    query: async <T,>(sql: string, params?: readonly unknown[]) => {
      if (sql.includes('INSERT INTO history_pods')) written.push(params![2] as string[]);
      if (sql.includes('INSERT INTO history_apps')) apps.push({ ids: params![3] as string[], finals: params![7] as (string | null)[] });
      return [] as T[];
    },
    exec: async () => {},
  };
  const db: HistoryDatabase = {
    kind: 'postgres', where: 'test', query: tx.query, exec: tx.exec, dedicated: async () => null, close: async () => {},
    transaction: async (fn) => { if (!up) throw new Error('connection refused'); return fn(tx); },
  };
  return { db, written, apps, setUp: (v: boolean) => { up = v; } };
}

describe('HistoryWriter', () => {
  it('keeps what it cannot write, bounded, counts what it drops, and writes the rest when the database is back', async () => {
    const scheduler = new ManualScheduler(1_000_000);
    const { db, written, setUp } = switchableDb();
    const writer = new HistoryWriter({
      cluster: 'c', db, intervalMs: 100, countsSampleMs: 0, maxPendingPods: 3, maxPendingLogEntries: 10, scheduler, lease: soleWriter,
      extrasOf: () => ({ exit: null, signature: null }), present: () => [], driverLogOf: () => [],
    }, createLogger({ level: 'error', write: () => {} }));
    await writer.onBatch(batch(1, ['a', 'b']));
    expect(writer.problem()).toMatch(/History is not being written \(PostgreSQL database\): connection refused; 2 pods wait/);
    scheduler.advance(60_000);
    await writer.onBatch(batch(2, ['a', 'c', 'd', 'e']));
    expect(writer.metrics.pendingPods).toBe(3);
    expect(writer.metrics.droppedPods).toBe(2);
    expect(writer.metrics.failures).toBe(2);
    setUp(true);
    writer.retrySoon();
    await writer.onBatch(batch(3, []));
    expect(written.flat().sort()).toEqual(['a', 'b', 'c']);
    expect(writer.metrics.pendingPods).toBe(0);
    expect(writer.problem()).toBeNull();
  });
});

describe('HistoryWriter while the live view is built', () => {
  it('writes nothing until the live view is built, then everything that waited', async () => {
    const scheduler = new ManualScheduler(1_000_000);
    const { db, written, setUp } = switchableDb();
    setUp(true);
    let built = false;
    const writer = new HistoryWriter({
      cluster: 'c', db, intervalMs: 100, countsSampleMs: 0, maxPendingPods: 100, maxPendingLogEntries: 10, scheduler, lease: soleWriter,
      extrasOf: () => ({ exit: null, signature: null }), present: () => [], driverLogOf: () => [], mayWrite: () => built,
    }, createLogger({ level: 'error', write: () => {} }));
    await writer.onBatch(batch(1, ['a', 'b']));
    await writer.onBatch(batch(2, ['c']));
    expect(written).toEqual([]);
    expect(writer.metrics.pendingPods).toBe(3);
    expect(writer.problem()).toBeNull();
    built = true;
    await writer.onBatch(batch(3, []));
    expect(written.flat().sort()).toEqual(['a', 'b', 'c']);
    expect(writer.metrics.pendingPods).toBe(0);
  });
});

describe('HistoryWriter at size', () => {
  it('writes a first list of many pods in bounded transactions, one a run, until none waits', async () => {
    const scheduler = new ManualScheduler(1_000_000);
    const { db, written, setUp } = switchableDb();
    setUp(true);
    const writer = new HistoryWriter({
      cluster: 'c', db, intervalMs: 100, countsSampleMs: 0, maxPendingPods: 100_000, maxPendingLogEntries: 10, scheduler, lease: soleWriter,
      extrasOf: () => ({ exit: null, signature: null }), present: () => [], driverLogOf: () => [],
    }, createLogger({ level: 'error', write: () => {} }));
    const uids = Array.from({ length: 2 * MAX_PODS_PER_WRITE + 7 }, (_, i) => `p${i}`);
    await writer.onBatch(batch(1, uids));
    expect(written.flat()).toHaveLength(MAX_PODS_PER_WRITE);
    expect(writer.metrics.pendingPods).toBe(MAX_PODS_PER_WRITE + 7);
    await writer.onBatch(batch(2, []));
    await writer.onBatch(batch(3, []));
    expect(writer.metrics.pendingPods).toBe(0);
    expect(written.flat().sort()).toEqual([...uids].sort());
    expect(written.every((w) => w.length <= 2000)).toBe(true);
  });
});

describe('HistoryWriter and application summaries', () => {
  it("rewrites a summary at most every few seconds while only executors change, and a driver's change at once", async () => {
    const scheduler = new ManualScheduler(1_000_000);
    const summaries: number[] = [];
    const tx: SqlClient = {
      query: async <T,>(sql: string) => { if (sql.includes('INSERT INTO history_apps')) summaries.push(scheduler.now()); return [] as T[]; },
      exec: async () => {},
    };
    const db: HistoryDatabase = { kind: 'postgres', where: 'test', query: tx.query, exec: tx.exec, dedicated: async () => null, close: async () => {}, transaction: async (fn) => fn(tx) };
    const writer = new HistoryWriter({
      cluster: 'c', db, intervalMs: 1000, countsSampleMs: 0, maxPendingPods: 100, maxPendingLogEntries: 10, scheduler, lease: soleWriter,
      extrasOf: () => ({ exit: null, signature: null }), present: () => [], driverLogOf: () => [],
    }, createLogger({ level: 'error', write: () => {} }));
    const executorAt = (seq: number): ChangeBatch => {
      const v = version(`e${seq}`);
      return { seq, at: seq, changes: [{ uid: v.uid, before: null, after: v, transitions: [], driverLog: [], receivedAt: seq }], listings: [], reset: null };
    };
    await writer.onBatch(executorAt(1));
    expect(summaries).toHaveLength(1);
    for (let i = 2; i <= 5; i++) { scheduler.advance(1000); await writer.onBatch(executorAt(i)); }
    expect(summaries).toHaveLength(1);
    scheduler.advance(1000);
    await writer.onBatch(executorAt(6));
    expect(summaries).toHaveLength(2);
    expect(summaries[1] - summaries[0]).toBeGreaterThanOrEqual(APP_SUMMARY_EVERY_MS);
    // The driver ends: written at the next run, not a summary interval later.
    scheduler.advance(1000);
    const running = version('d');
    const driverRunning = { ...running, row: { ...running.row, role: 'driver' as const } };
    const driverFailed = { ...driverRunning, row: { ...driverRunning.row, state: 'failed' as const } };
    await writer.onBatch({ seq: 7, at: 7, changes: [{ uid: 'd', before: driverRunning, after: driverFailed, transitions: [], driverLog: [], receivedAt: 7 }], listings: [], reset: null });
    expect(summaries).toHaveLength(3);
  });
});

describe('HistoryWriter and the why', () => {
  it('an event that arrives while a write runs is written by the next one, not lost', async () => {
    const scheduler = new ManualScheduler(1_000_000);
    const events: string[][] = [];
    let during: (() => void) | null = null;
    const tx: SqlClient = {
      query: async <T,>(sql: string, params?: readonly unknown[]) => {
        if (sql.includes('INSERT INTO history_pod_events')) events.push(params![2] as string[]);
        if (sql.includes('INSERT INTO history_pods') && during) { const d = during; during = null; d(); }
        return [] as T[];
      },
      exec: async () => {},
    };
    const db: HistoryDatabase = { kind: 'postgres', where: 'test', query: tx.query, exec: tx.exec, dedicated: async () => null, close: async () => {}, transaction: async (fn) => fn(tx) };
    const podEvents = new Map<string, { id: string }[]>([['a', [{ id: 'e1' }]]]);
    const writer = new HistoryWriter({
      cluster: 'c', db, intervalMs: 100, countsSampleMs: 0, maxPendingPods: 10, maxPendingLogEntries: 10, scheduler, lease: soleWriter,
      extrasOf: () => ({ exit: null, signature: null }), present: () => [], driverLogOf: () => [],
      whyOf: (uid) => ({ version: version(uid), events: (podEvents.get(uid) ?? []) as never, logTail: null }),
    }, createLogger({ level: 'error', write: () => {} }));
    writer.whyChangedFor('a');
    // While the first write runs, a second event about the same pod arrives.
    during = () => { podEvents.set('a', [{ id: 'e1' }, { id: 'e2' }]); writer.whyChangedFor('a'); };
    await writer.onBatch(batch(1, ['a']));
    await writer.onBatch(batch(2, []));
    expect(events).toEqual([['e1'], ['e1', 'e2']]);
  });
});

describe('occurrences', () => {
  it('numbers each entry into a state, counted over the whole list', () => {
    const tr: [number, number][] = [[0, 1], [6, 2], [0, 3], [6, 4], [0, 5]];
    expect(occurrences(tr, 3)).toEqual([[6, 4, 2], [0, 5, 3]]);
  });
});

describe('finalState', () => {
  it('is how the driver ended, even once its pod was deleted', () => {
    const driver = { ...version('d').row, role: 'driver' as const, state: 'deleted' as const, since: 9, tr: [[STATE_CODE.running, 2], [STATE_CODE.failed, 5], [STATE_CODE.deleted, 9]] as [number, number][] };
    expect(finalState({ present: 0, lastChangeAt: 9 } as never, driver)).toEqual({ state: 'failed', at: 5 });
    expect(finalState({ present: 1, lastChangeAt: 9 } as never, { ...driver, state: 'running', tr: [[STATE_CODE.running, 2]] })).toBeNull();
    expect(finalState({ present: 0, lastChangeAt: 9 } as never, { ...driver, tr: [[STATE_CODE.running, 2], [STATE_CODE.deleted, 9]] })).toEqual({ state: 'deleted', at: 9 });
    expect(finalState({ present: 0, lastChangeAt: 7 } as never, undefined)).toEqual({ state: 'deleted', at: 7 });
  });
});

describe('HistoryWriter when writes wait past the retention', () => {
  it("writes the summary of an application the live view forgot before it could be written, as it ended", async () => {
    const scheduler = new ManualScheduler(1_000_000);
    const { db, apps, setUp } = switchableDb();
    const writer = new HistoryWriter({
      cluster: 'c', db, intervalMs: 100, countsSampleMs: 0, maxPendingPods: 100, maxPendingLogEntries: 10, scheduler, lease: soleWriter,
      extrasOf: () => ({ exit: null, signature: null }), present: () => [], driverLogOf: () => [],
    }, createLogger({ level: 'error', write: () => {} }));
    const exec = version('e1');
    const running = version('d');
    const driver = { ...running, row: { ...running.row, role: 'driver' as const, executorId: null } };
    const failed = { ...driver, row: { ...driver.row, state: 'failed' as const, gone: true, tr: [...driver.row.tr, [STATE_CODE.failed, 3]] as PodRow['tr'] } };
    const change = (uid: string, before: PodVersion | null, after: PodVersion | null, seq: number) => ({ uid, before, after, transitions: after?.row.tr.slice(before?.row.tr.length ?? 0) ?? [], driverLog: [], receivedAt: seq });
    await writer.onBatch({ seq: 1, at: 1, changes: [change('d', null, driver, 1), change('e1', null, exec, 1)], listings: [], reset: null });
    scheduler.advance(60_000);
    await writer.onBatch({ seq: 2, at: 2, changes: [change('d', driver, failed, 2)], listings: [], reset: null });
    // Past the retention the live view forgets the pods, while the database is still away.
    scheduler.advance(60_000);
    await writer.onBatch({ seq: 3, at: 3, changes: [change('d', failed, null, 3), change('e1', exec, null, 3)], listings: [], reset: null });
    expect(apps).toEqual([]);
    setUp(true);
    writer.retrySoon();
    await writer.onBatch({ seq: 4, at: 4, changes: [], listings: [], reset: null });
    expect(apps).toEqual([{ ids: ['app'], finals: ['failed'] }]);
    // Written once: nothing of it is left to write.
    scheduler.advance(60_000);
    await writer.onBatch({ seq: 5, at: 5, changes: [], listings: [], reset: null });
    expect(apps).toHaveLength(1);
  });
});
