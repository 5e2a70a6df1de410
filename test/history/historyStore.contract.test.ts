// The history contract, on the embedded database (PGlite) and on a real PostgreSQL server:
// what the writer records is read back exactly as the live view served it; a transition is
// stored once whoever writes it; History's search filters, sorts and pages in the database;
// counts over days are downsampled in SQL; retention prunes; migrations refuse a schema they
// do not know and name the one that failed.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubePod } from '../../lib/kube/types';
import { emptyCounts, summarizeApp } from '../../lib/snapshot/appSummary';
import { STATE_CODE } from '../../lib/snapshot/executorRow';
import { executorView } from '../../lib/snapshot/executorView';
import {
  deletedExecutor, failedExecutor, FIXTURE_APP_ID, FIXTURE_BASE_MS, FIXTURE_NAMESPACE, pendingExecutor, runningExecutor, sparkDriverPod, succeededExecutor,
} from '../../lib/spark/testing/podFixtures';
import { openEmbeddedDatabase, openPostgresDatabase, type HistoryDatabase } from '../../server/history/historyDatabase';
import { HistoryReader } from '../../server/history/historyReader';
import { recordedDetail, recordedSummary } from '../../server/history/historyReads';
import { pruneHistory } from '../../server/history/pruneHistory';
import { CORE_HOURS_EVERY_MS, HistoryWriter } from '../../server/history/historyWriter';
import { HistorySchemaError, migrate, verifySchema, type Migration } from '../../server/history/migrations';
import { soleWriter, type WriterLease } from '../../server/history/writerLease';
import { createLogger } from '../../server/log';
import { ManualScheduler } from '../../server/scheduling/manualScheduler';
import type { ChangeBatch } from '../../server/store/changeBatch';
import { DriverStateLog } from '../../server/store/driverStateLog';
import { StoreCore } from '../../server/store/storeCore';
import { findPostgresBin, startPostgres, type PostgresServer } from './postgresServer';

const log = createLogger({ level: 'error', write: () => {} });
const EXEC = 'spark-kubernetes-executor';
let pg: PostgresServer | null = null;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-history-contract-'));
let dbCount = 0;

interface Backend { name: string; open(): Promise<HistoryDatabase> }
const backends: Backend[] = [
  { name: 'embedded PostgreSQL (PGlite)', open: () => openEmbeddedDatabase(path.join(tmp, `pglite-${++dbCount}`)) },
  ...(findPostgresBin() ? [{
    name: 'PostgreSQL',
    open: async () => {
      pg ??= await startPostgres();
      return openPostgresDatabase(await pg.createDatabase(`contract_${++dbCount}`));
    },
  }] : []),
];

afterAll(async () => {
  await pg?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A store core on a manual clock whose batches the test hands to writers itself (they are async). */
function makeCore() {
  const scheduler = new ManualScheduler(FIXTURE_BASE_MS + 3_600_000);
  const core = new StoreCore({
    projection: { checkAllContainers: true, executorContainerName: EXEC, driverContainerName: 'spark-kubernetes-driver' },
    batchIntervalMs: 50, retentionMs: 3_600_000, maxDepartedPerApp: 1000, maxTransitions: 16, scheduler,
  }, log);
  const driverLog = new DriverStateLog(50, 100);
  const batches: ChangeBatch[] = [];
  core.addSubscriber(driverLog);
  core.addSubscriber({ name: 'recorder', intervalMs: 50, onBatch: (b) => { if (b.changes.length || b.listings.length) batches.push(b); } });
  core.start();
  const update = (pod: KubePod) => { core.updatePod(pod, 'MODIFIED', scheduler.now()); scheduler.advance(1000); };
  return { core, scheduler, driverLog, batches, update };
}

function makeWriter(db: HistoryDatabase, store: ReturnType<typeof makeCore>, cluster: string, lease: WriterLease = soleWriter): HistoryWriter {
  return new HistoryWriter({
    cluster, db, intervalMs: 50, countsSampleMs: 0, maxPendingPods: 10_000, maxPendingLogEntries: 10_000, scheduler: store.scheduler, lease,
    extrasOf: (v) => {
      const r = store.core.record(v.uid);
      const view = r?.finalPod ? executorView(r.version.row, { cluster, namespace: v.namespace, appId: v.appId, finalPod: r.finalPod, sparkContainerName: EXEC }) : null;
      return { exit: view ? { exitReason: view.exitReason, sparkLossMessage: view.sparkLossMessage } : null, signature: r?.driverSignature ?? null };
    },
    present: () => store.core.versions(),
    driverLogOf: (ns, app) => store.driverLog.entries(ns, app),
  }, log);
}

/** A small application through its life: a driver, executors that run, fail, succeed, are deleted. */
function playApplication(store: ReturnType<typeof makeCore>) {
  const { update } = store;
  update(sparkDriverPod({ phase: 'Running' }));
  for (const id of [1, 2, 3, 4]) update(pendingExecutor(id));
  for (const id of [1, 2, 3, 4]) update(runningExecutor(id));
  update(failedExecutor(1, { exitCode: 137, reason: 'OOMKilled' }));
  update(succeededExecutor(2));
  update(deletedExecutor(3));
  store.core.updatePod(deletedExecutor(3), 'DELETED', store.scheduler.now());
  store.scheduler.advance(1000);
  update(sparkDriverPod({ phase: 'Failed', exitCode: 1 }));
}

describe.each(backends)('history on $name', ({ open }) => {
  let db: HistoryDatabase;
  beforeAll(async () => {
    db = await open();
    await migrate(db);
  }, 120_000);
  afterAll(async () => { await db?.close(); });

  it('reads back every pod, transition, exit reason and driver-log line exactly as the live view served them', async () => {
    const store = makeCore();
    const writer = makeWriter(db, store, 'c-exact');
    playApplication(store);
    for (const b of store.batches) await writer.onBatch(b);
    expect(writer.metrics.failures).toBe(0);

    const record = await new HistoryReader(db).appRecord('c-exact', FIXTURE_NAMESPACE, FIXTURE_APP_ID);
    expect(record).not.toBeNull();
    const live = store.core.appRecords(FIXTURE_NAMESPACE, FIXTURE_APP_ID);
    const liveRows = new Map(live.map((r) => [r.uid, (({ k: _k, ...rest }) => rest)(r.version.row)]));
    expect(new Map(record!.pods.map((p) => [p.uid, p.row]))).toEqual(liveRows);
    expect(record!.driverLog).toEqual(store.driverLog.entries(FIXTURE_NAMESPACE, FIXTURE_APP_ID));
    expect(record!.driverLog.length).toBeGreaterThan(1);

    const detail = recordedDetail({ cluster: 'c-exact', namespace: FIXTURE_NAMESPACE, appId: FIXTURE_APP_ID, record: record! }, { name: 'c' } as never);
    const liveViews = live.filter((r) => r.version.row.role === 'executor').map((r) => executorView(r.version.row, {
      cluster: 'c-exact', namespace: FIXTURE_NAMESPACE, appId: FIXTURE_APP_ID, finalPod: r.finalPod, sparkContainerName: EXEC,
    }));
    const byUid = <T extends { uid: string }>(xs: T[]) => [...xs].sort((a, b) => a.uid.localeCompare(b.uid));
    expect(byUid(detail.executors)).toEqual(byUid(liveViews));
    const oom = detail.executors.find((e) => e.executorId === 1)!;
    expect(oom.state).toBe('failed');
    expect(oom.sparkLossMessage).toMatch(/exited with exit code 137/);
    expect(detail.executors.find((e) => e.executorId === 3)!.state).toBe('deleted');
    const summary = recordedSummary({ cluster: 'c-exact', namespace: FIXTURE_NAMESPACE, appId: FIXTURE_APP_ID, record: record! });
    expect(summary).toEqual(summarizeApp({ cluster: 'c-exact', namespace: FIXTURE_NAMESPACE, appId: FIXTURE_APP_ID, appName: summary.appName }, live.map((r) => r.version.row)));

    const [app] = (await new HistoryReader(db).searchApps({ cluster: 'c-exact', sort: 'started', dir: 'desc', page: 1, pageSize: 10 })).apps;
    expect(app.finalState).toBe('failed');
    expect(app.executors).toBe(4);
    expect(app.peakRunning).toBe(4);
  });

  it('counts core-hours from the pods\' CPU requests, the running ones up to the time asked', async () => {
    const store = makeCore();
    const writer = makeWriter(db, store, 'c-cores');
    const withCpu = (pod: KubePod, cpu: string): KubePod => ({
      ...pod, spec: { ...pod.spec, containers: pod.spec!.containers!.map((c) => ({ ...c, resources: { requests: { cpu } } })) },
    });
    store.update(withCpu(sparkDriverPod({ phase: 'Running' }), '1'));
    store.update(withCpu(pendingExecutor(1), '2'));
    store.update(withCpu(pendingExecutor(2), '500m'));
    store.update(withCpu(runningExecutor(1), '2'));
    store.update(withCpu(runningExecutor(2), '500m'));
    store.scheduler.advance(60_000);
    store.update(withCpu(failedExecutor(1, { exitCode: 137, reason: 'OOMKilled' }), '2'));
    for (const b of store.batches) await writer.onBatch(b);
    // Sums are owed while pods changed since the last one, and taken at most every CORE_HOURS_EVERY_MS.
    store.scheduler.advance(CORE_HOURS_EVERY_MS);
    await writer.onBatch({ seq: 0, at: store.scheduler.now(), changes: [], listings: [], reset: null });
    expect(writer.metrics.failures).toBe(0);

    // Each pod ran from its running transition to its end, or runs still.
    const expected = (now: number) => store.core.appRecords(FIXTURE_NAMESPACE, FIXTURE_APP_ID).reduce((sum, r) => {
      const tr = r.version.row.tr;
      let ms = 0;
      tr.forEach(([state, at], i) => { if (state === STATE_CODE.running) ms += (tr[i + 1]?.[1] ?? now) - at; });
      return sum + (r.version.cores ?? 0) * ms;
    }, 0) / 3_600_000;
    const search = (now: number) => new HistoryReader(db).searchApps({ cluster: 'c-cores', sort: 'started', dir: 'desc', page: 1, pageSize: 10 }, now);
    const now = store.scheduler.now();
    const [app] = (await search(now)).apps;
    expect(app.coreHours).not.toBeNull();
    expect(app.coreHours!).toBeCloseTo(expected(now), 9);
    // An hour later, with nothing written meanwhile: the running pods' hours went on.
    const [later] = (await search(now + 3_600_000)).apps;
    expect(later.coreHours! - app.coreHours!).toBeCloseTo(1 + 0.5, 9);
    expect(store.core.appRecords(FIXTURE_NAMESPACE, FIXTURE_APP_ID).map((r) => r.version.cores).sort()).toEqual([0.5, 1, 2]);
  });

  it('has no core-hours for an application whose pods request no CPU', async () => {
    const store = makeCore();
    const writer = makeWriter(db, store, 'c-nocores');
    const noRequests = (pod: KubePod): KubePod => ({
      ...pod, spec: { ...pod.spec, initContainers: [], containers: pod.spec!.containers!.map(({ resources: _r, ...c }) => c) },
    });
    store.update(noRequests(sparkDriverPod({ phase: 'Running' })));
    store.update(noRequests(runningExecutor(1)));
    store.update(noRequests(succeededExecutor(2)));
    for (const b of store.batches) await writer.onBatch(b);
    const [app] = (await new HistoryReader(db).searchApps({ cluster: 'c-nocores', sort: 'started', dir: 'desc', page: 1, pageSize: 10 })).apps;
    expect(app.coreHours).toBeNull();
  });

  it('stores a transition once, whoever writes it: a second writer taking over writes nothing twice', async () => {
    const store = makeCore();
    const first = makeWriter(db, store, 'c-once');
    playApplication(store);
    for (const b of store.batches) await first.onBatch(b);
    const count = async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM history_transitions WHERE cluster = 'c-once'"))[0].n;
    const before = await count();
    const expected = store.core.appRecords(FIXTURE_NAMESPACE, FIXTURE_APP_ID).reduce((n, r) => n + r.version.row.tr.length, 0);
    expect(before).toBe(expected);
    // The takeover writes everything it holds again, then goes on with the same batches.
    const second = makeWriter(db, store, 'c-once');
    await second.onBatch({ seq: 0, at: store.scheduler.now(), changes: [], listings: [], reset: null });
    for (const b of store.batches) await second.onBatch(b);
    expect(await count()).toBe(before);
    const logRows = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM history_driver_log WHERE cluster = 'c-once'"))[0].n;
    expect(logRows).toBe(store.driverLog.entries(FIXTURE_NAMESPACE, FIXTURE_APP_ID).length);
  });

  it('a replica that does not hold the lease writes nothing', async () => {
    const store = makeCore();
    const standby = makeWriter(db, store, 'c-standby', { state: () => 'standby', held: () => false, problem: () => null, start() {}, stop: async () => {} });
    playApplication(store);
    for (const b of store.batches) await standby.onBatch(b);
    expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM history_pods WHERE cluster = 'c-standby'"))[0].n).toBe(0);
  });

  it('searches, filters, sorts and pages in the database', async () => {
    const cluster = 'c-search';
    const n = 230;
    const rows = Array.from({ length: n }, (_, i) => {
      const summary = { ...summarizeApp({ cluster, namespace: i % 2 ? 'etl' : 'ml', appId: `spark-${String(i).padStart(4, '0')}`, appName: `job ${i % 10 === 0 ? '50%_off' : 'daily'} ${i}` }, []), counts: emptyCounts() };
      return [cluster, summary.namespace, summary.appId, summary.appName, JSON.stringify(summary), i % 3 === 0 ? 'failed' : i % 3 === 1 ? 'succeeded' : null, 1_000_000 + i * 1000, i % 3 === 2 ? null : 1_000_500 + i * 1000, i];
    });
    for (const r of rows) {
      await db.query(`INSERT INTO history_apps (cluster, namespace, app_id, app_name, summary, final_state, started_at, ended_at, last_change, executors)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9)`, r);
    }
    const reader = new HistoryReader(db);
    const q = { cluster, sort: 'started' as const, dir: 'desc' as const, page: 1, pageSize: 50 };
    const page1 = await reader.searchApps(q);
    expect(page1.total).toBe(n);
    expect(page1.apps).toHaveLength(50);
    expect(page1.apps[0].summary.appId).toBe('spark-0229');
    const last = await reader.searchApps({ ...q, page: 5 });
    expect(last.apps).toHaveLength(30);
    expect(last.apps.at(-1)!.summary.appId).toBe('spark-0000');
    expect((await reader.searchApps({ ...q, page: 9 })).apps).toHaveLength(0);
    expect((await reader.searchApps({ ...q, page: 9 })).total).toBe(n);
    const failedMl = await reader.searchApps({ ...q, state: 'failed', namespace: 'ml', pageSize: 200 });
    expect(failedMl.apps.every((a) => a.finalState === 'failed' && a.summary.namespace === 'ml')).toBe(true);
    expect(failedMl.total).toBe(rows.filter((r) => r[1] === 'ml' && r[5] === 'failed').length);
    expect((await reader.searchApps({ ...q, state: 'running', pageSize: 200 })).total).toBe(rows.filter((r) => r[5] === null).length);
    // `%` and `_` are searched as characters.
    const off = await reader.searchApps({ ...q, q: '50%_', pageSize: 200 });
    expect(off.total).toBe(23);
    expect((await reader.searchApps({ ...q, q: 'spark-0007' })).apps.map((a) => a.summary.appId)).toEqual(['spark-0007']);
    const byName = await reader.searchApps({ ...q, sort: 'executors', dir: 'asc', pageSize: 5 });
    expect(byName.apps.map((a) => a.executors)).toEqual([0, 1, 2, 3, 4]);
    // Only what the person asking may read (--auth proxy or oidc): cluster/namespace pairs.
    const readable = await reader.searchApps({ ...q, within: [`${cluster}/etl`, 'elsewhere/ml'], pageSize: 200 });
    expect(readable.total).toBe(n / 2);
    expect(readable.apps.every((a) => a.summary.namespace === 'etl')).toBe(true);
    expect((await reader.searchApps({ ...q, within: [] })).total).toBe(0);
    const window = await reader.searchApps({ ...q, from: 1_000_000 + 100 * 1000, to: 1_000_000 + 110 * 1000, pageSize: 200 });
    expect(window.apps.every((a) => (a.startedAt ?? 0) <= 1_110_000)).toBe(true);
  });

  it('downsamples counts over days in SQL: the last sample of each bucket, and the one in force at the start', async () => {
    const cluster = 'c-counts';
    const day = 86_400_000, start = 1_700_000_000_000;
    const samples = Array.from({ length: 7 * 24 * 60 }, (_, i) => [start + i * 60_000, i]);
    await db.query(`INSERT INTO history_counts (cluster, namespace, app_id, at, counts)
      SELECT $1, 'ns', 'app', at, ARRAY[v, 0, 0, 0, 0, 0, 0] FROM unnest($2::bigint[], $3::integer[]) AS x(at, v)`, [cluster, samples.map((s) => s[0]), samples.map((s) => s[1])]);
    const reader = new HistoryReader(db);
    const week = await reader.counts(cluster, 'ns', 'app', start + day, start + 7 * day, 100);
    expect(week.length).toBeGreaterThan(90);
    expect(week.length).toBeLessThanOrEqual(102);
    expect(week[0][0]).toBeLessThan(start + day);
    expect(week.map((s) => s[0])).toEqual([...week.map((s) => s[0])].sort((a, b) => a - b));
    // Each bucket keeps its last sample: the running count there is its minute index.
    expect(week.at(-1)![1]).toBe(samples.at(-1)![1]);
    for (const s of week) expect(s[1]).toBe((s[0] - start) / 60_000);
  });

  it('prunes applications that ended before the retention, with everything recorded of them', async () => {
    const cluster = 'c-prune';
    for (const [app, ended] of [['old', 1000], ['recent', 10 * 86_400_000 - 1000], ['running', null]] as const) {
      await db.query(`INSERT INTO history_apps (cluster, namespace, app_id, summary, final_state, started_at, ended_at, last_change) VALUES ($1, 'ns', $2, '{}', $3, 0, $4, 0)`, [cluster, app, ended ? 'succeeded' : null, ended]);
      await db.query(`INSERT INTO history_pods (cluster, uid, namespace, app_id, name, role, last_change, row, seen_order) VALUES ($1, $2, 'ns', $3, 'p', 'executor', 0, '{}', 0)`, [cluster, `${app}-uid`, app]);
    }
    const pruned = await pruneHistory(db, 10 * 86_400_000 - 86_400_000);
    expect(pruned).toBeGreaterThanOrEqual(1);
    const left = await db.query<{ app_id: string }>('SELECT app_id FROM history_apps WHERE cluster = $1 ORDER BY app_id', [cluster]);
    expect(left.map((r) => r.app_id)).toEqual(['recent', 'running']);
    expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM history_pods WHERE cluster = $1 AND app_id = 'old'", [cluster]))[0].n).toBe(0);
  });

  it('refuses a newer schema and names a migration that fails, changing nothing', async () => {
    const fresh = await open();
    try {
      const good: Migration = { version: 1, name: '0001_one', sql: 'CREATE TABLE one (x integer)' };
      expect(await migrate(fresh, [good])).toEqual(['0001_one']);
      const bad: Migration = { version: 2, name: '0002_broken', sql: 'CREATE TABLE two (x integer); ALTER TABLE nowhere ADD COLUMN y integer' };
      await expect(migrate(fresh, [good, bad])).rejects.toThrow(/0002_broken failed/);
      expect((await fresh.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version)).toEqual([1]);
      expect(await fresh.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'two'")).toEqual([]);
      await fresh.query("INSERT INTO schema_migrations VALUES (9, '0009_future', 0)");
      const err = await migrate(fresh, [good]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HistorySchemaError);
      expect((err as Error).message).toMatch(/schema version 9 \(0009_future\), newer than this dashboard knows \(1\)/);
    } finally {
      await fresh.close();
    }
  });

  it('finds a damaged schema (a table or column gone although its version is recorded) and names what is missing', async () => {
    const fresh = await open();
    try {
      await migrate(fresh);
      await verifySchema(fresh);
      await fresh.exec('ALTER TABLE history_pods DROP COLUMN exit; DROP TABLE history_counts');
      const err = await verifySchema(fresh).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HistorySchemaError);
      expect((err as Error).message).toMatch(/is damaged: column history_pods\.exit, table history_counts missing, although it records schema version \d+ \(\d{4}_[a-z_]+\)/);
      // Migrating again does not paper over it: the recorded versions are all applied.
      expect(await migrate(fresh)).toEqual([]);
      await expect(verifySchema(fresh)).rejects.toThrow(/damaged/);
    } finally {
      await fresh.close();
    }
  });
});
