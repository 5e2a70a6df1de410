// bench/history: what keeping history costs, and whether the live view notices. Prints
// figures; asserts nothing.
//   npm run bench:history [-- --pods 20000 --rate 2000 --seconds 60 --modes off,embedded,postgres --cpu-prof DIR]
// For each of: history off, the embedded database (the default), and a PostgreSQL server
// (when Debian's postgresql is installed): a fresh embedded cluster in its own process, the
// dashboard with the defaults a user gets plus that history setting, `--pods` Spark pods
// seeded, then `--rate` pod updates/s for `--seconds`. Figures: the live path (API commit →
// diff at a client) p50/p99, rows written per second, write lag (oldest change of a write →
// commit) p50/p99, database bytes per executor recorded.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HistoryAppsQuery } from '../lib/apiTypes';
import { openEmbeddedDatabase, openPostgresDatabase, type HistoryDatabase } from '../server/history/historyDatabase';
import { HistoryReader } from '../server/history/historyReader';
import { findPostgresBin, startPostgres, type PostgresServer } from '../test/history/postgresServer';
import { freePort } from '../test/k8s/controlPlane';
import { listArg, metricSum, nowMs, numberArg, repoRoot, sleep, waitReady } from './benchCli';
import { startCluster } from './clusterProcess';
import { LatencyMatcher } from './latencyMatcher';
import { mb, ms, percentile } from './procStats';
import { followScopes } from './scopeFollower';

const PODS = numberArg('pods', 20_000), RATE = numberArg('rate', 2000), SECONDS = numberArg('seconds', 60);
/** In this order; a mode may repeat (off,embedded,off,embedded) to see how much runs differ. */
const MODES = listArg('modes', ['off', 'embedded', 'postgres']);
/** A directory for the dashboard's CPU profiles (node --cpu-prof), to see where its time goes. */
const CPU_PROF = process.argv.includes('--cpu-prof') ? path.resolve(process.argv[process.argv.indexOf('--cpu-prof') + 1]) : null;

interface Size { bytes: number; files: number; pods: number; transitions: number; search: string }
interface Mode { key: string; name: string; args: () => Promise<string[]>; size: () => Promise<Size | null> }

const SEARCH_APPS = numberArg('search-apps', 50_000);

/** History's search over `SEARCH_APPS` recorded applications: median time of each kind of query. */
async function searchSpeed(db: HistoryDatabase): Promise<string> {
  const cluster = 'bench-search';
  await db.query(`INSERT INTO history_apps (cluster, namespace, app_id, app_name, summary, final_state, started_at, ended_at, last_change, executors)
    SELECT $1, 'ns-' || (i % 40), 'spark-' || lpad(i::text, 8, '0'), 'job-' || (i % 997) || '-' || i, '{}'::json,
      (ARRAY['succeeded', 'failed', 'deleted', NULL])[1 + i % 4], 1700000000000 + i * 60000, 1700000000000 + i * 60000 + 3600000, 1700000000000 + i * 60000, i % 500
    FROM generate_series(1::bigint, $2::bigint) AS i`, [cluster, SEARCH_APPS]);
  const reader = new HistoryReader(db);
  const base = { cluster, sort: 'started' as const, dir: 'desc' as const, page: 1, pageSize: 50 };
  const queries: [string, HistoryAppsQuery][] = [
    ['first page', base], ['page 500', { ...base, page: 500 }], ['failed in one namespace', { ...base, state: 'failed', namespace: 'ns-7' }],
    ['text search', { ...base, q: 'job-42-' }], ['by executors', { ...base, sort: 'executors' }], ['a time range', { ...base, from: 1700000000000 + 20_000 * 60_000, to: 1700000000000 + 21_000 * 60_000 }],
  ];
  const out: string[] = [];
  for (const [label, q] of queries) {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) { const t = nowMs(); await reader.searchApps(q); times.push(nowMs() - t); }
    out.push(`${label} ${ms(percentile(times, 50))}`);
  }
  return `History search over ${SEARCH_APPS.toLocaleString()} applications (median): ${out.join(', ')}`;
}

/** One quantile of a summary on /metrics. */
async function quantile(origin: string, name: string, q: string): Promise<number | null> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  for (const line of text.split('\n')) if (line.startsWith(`${name}{`) && line.includes(`quantile="${q}"`)) return Number(line.slice(line.lastIndexOf(' ') + 1));
  return null;
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? dirBytes(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size;
  return n;
}

/** What the record holds, and the bytes of its tables (indexes and TOAST included; not the database's fixed overhead). */
async function recorded(db: HistoryDatabase): Promise<{ bytes: number; pods: number; transitions: number }> {
  const [p] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM history_pods');
  const [t] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM history_transitions');
  const [b] = await db.query<{ n: number }>(`SELECT sum(pg_total_relation_size(c.oid))::bigint AS n FROM pg_class c
    WHERE c.relkind = 'r' AND c.relname LIKE 'history_%'`);
  return { bytes: b.n, pods: p.n, transitions: t.n };
}

async function run(mode: Mode): Promise<string[]> {
  const cluster = await startCluster();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [...(CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF] : []), '--import', 'tsx', path.join(repoRoot, 'server/main.ts'), '--kubeconfig', cluster.ready.kubeconfig, '--port', String(port), '--no-pages', '--log-level', 'warn', ...await mode.args()],
    { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    await waitReady(origin, server, 120_000);
    const namespace = 'bench';
    const apps = [
      { appId: 'spark-hist000000000000000000000000001', appName: 'history-big', executors: Math.round(PODS / 2) - 1 },
      { appId: 'spark-hist000000000000000000000000002', appName: 'history-b', executors: Math.round(PODS / 4) - 1 },
      { appId: 'spark-hist000000000000000000000000003', appName: 'history-c', executors: PODS - 3 - (Math.round(PODS / 2) - 1) - (Math.round(PODS / 4) - 1) },
    ];
    let matcher = new LatencyMatcher();
    const follower = followScopes(origin, (scope, name, at) => { if (scope.kind === 'app') matcher.saw(`${scope.cluster}/${name}`, at); });
    const clusterId = ((await (await fetch(`${origin}/api/clusters`)).json()) as { clusters: { id: string }[] }).clusters[0].id;
    await follower.connected;
    for (const a of apps) follower.subscribe({ kind: 'app', cluster: clusterId, namespace, appId: a.appId });
    cluster.send({ cmd: 'seed', namespace, apps });
    const seeded = await cluster.next('seeded');
    const total = () => [...follower.states.values()].reduce((n, s) => n + s.rows.filter((r) => r && !r.gone).length, 0);
    while (total() < seeded.pods) await sleep(100);
    await sleep(3000);

    matcher = new LatencyMatcher();
    cluster.onWrites((w) => { for (const [key, at] of w) matcher.wrote(`${clusterId}/${key.slice(key.indexOf('/') + 1)}`, at); });
    const rows0 = await metricSum(origin, 'spark_dashboard_history_rows_written_total');
    const t0 = nowMs();
    cluster.send({ cmd: 'churn', rate: RATE, seconds: SECONDS });
    const done = await cluster.next('churned');
    await sleep(2000);
    const rows1 = await metricSum(origin, 'spark_dashboard_history_rows_written_total');
    const elapsed = (nowMs() - t0) / 1000;
    const [lag50, lag99] = [await quantile(origin, 'spark_dashboard_history_commit_lag_seconds', '0.5'), await quantile(origin, 'spark_dashboard_history_commit_lag_seconds', '0.99')];
    const pending = await metricSum(origin, 'spark_dashboard_history_pending_pods');
    const { latencies } = matcher;
    follower.disconnect();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    const size = await mode.size();
    const out = [
      `${mode.name}: ${done.writes} updates at ${done.achievedRate.toFixed(0)}/s on ${seeded.pods} pods`,
      `  live path (API commit → diff at a client): p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))} (${latencies.length} matched)`,
    ];
    if (rows1 > 0) {
      out.push(`  history: ${((rows1 - rows0) / elapsed).toFixed(0)} rows written per second; write lag p50 ${lag50 === null ? '–' : ms(lag50 * 1000)}, p99 ${lag99 === null ? '–' : ms(lag99 * 1000)}; ${pending} pods still waiting at the end`);
    }
    if (size) out.push(`  ${size.search}`);
    if (size) out.push(`  database: history tables ${mb(size.bytes)} for ${size.pods} pods and ${size.transitions} transitions → ${(size.bytes / Math.max(1, size.pods)).toFixed(0)} bytes per executor recorded (${mb(size.files)} on disk in all)`);
    return out;
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
    cluster.child.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  console.log(`bench/history: ${PODS} pods, ${RATE} updates/s for ${SECONDS} s; history off, embedded, PostgreSQL\n`);
  let pg: PostgresServer | null = null;
  const benchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-bench-history-'));
  let embeddedDir = '';
  let pgUrl = '';
  let runs = 0;
  const modes: Mode[] = [
    { key: 'off', name: 'history off', args: async () => ['--no-history'], size: async () => null },
    {
      key: 'embedded', name: 'embedded PostgreSQL (PGlite, the default)', args: async () => {
        embeddedDir = path.join(benchDir, `embedded-${++runs}`);
        return ['--history-dir', embeddedDir];
      },
      size: async () => {
        const db = await openEmbeddedDatabase(path.join(embeddedDir, 'pgdata'));
        try { return { ...(await recorded(db)), files: dirBytes(path.join(embeddedDir, 'pgdata')), search: await searchSpeed(db) }; } finally { await db.close(); }
      },
    },
  ];
  if (findPostgresBin()) {
    modes.push({
      key: 'postgres', name: 'PostgreSQL', args: async () => { pg ??= await startPostgres(); pgUrl = await pg.createDatabase(`bench_${++runs}`); return ['--database-url', pgUrl]; },
      size: async () => {
        const db = await openPostgresDatabase(pgUrl);
        try {
          const [s] = await db.query<{ n: number }>('SELECT pg_database_size(current_database())::bigint AS n');
          return { ...(await recorded(db)), files: s.n, search: await searchSpeed(db) };
        } finally { await db.close(); }
      },
    });
  } else {
    console.log('(PostgreSQL is not installed: apt-get install postgresql to measure it too)\n');
  }
  try {
    for (const key of MODES) {
      const mode = modes.find((m) => m.key === key);
      if (!mode) { console.log(`(no mode ${key} here: ${modes.map((m) => m.key).join(', ')})\n`); continue; }
      for (const line of await run(mode)) console.log(line);
      console.log('');
    }
  } finally {
    await (pg as PostgresServer | null)?.stop();
    fs.rmSync(benchDir, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
