// bench/engine: the live engine under load, with the embedded cluster in its own process so
// that the figures are the dashboard server's. Prints figures; asserts nothing.
//   npm run bench:engine [-- --pods 20000 --rate 2000 --seconds 20 --clients 500 --clusters 1 --no-history]
// With --clusters N the pods and the update rate are spread over N clusters (each its own
// process and API server), all watched by the one dashboard.
// The dashboard runs with the defaults a user gets (its 30 s poll included).
// 1. seed Spark pods (~6 KB of JSON each, managedFields included) in four applications; then
//    wait for a poll (a full list) and measure memory while it is read;
// 2. a sustained rate of pod updates (each a Spark state change): latency from the commit at
//    the API to the diff at a socket.io client (p50/p99), server RSS and CPU, bytes on the
//    wire per changed executor;
// 3. the same with 500 more socket.io clients subscribed to the overview;
// 4. a burst: the 10,000-executor application torn down by label; time to drain.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { appScopeKey } from '../lib/snapshot/scope';
import { freePort } from '../test/k8s/controlPlane';
import { startCluster, type ClusterHandle } from './clusterProcess';
import { metricSum, nowMs, numberArg, repoRoot, sleep, waitReady, historyArgs, historyOff } from './benchCli';
import { LatencyMatcher } from './latencyMatcher';
import { cpuSeconds, mb, ms, percentile, rssBytes } from './procStats';
import { followScopes } from './scopeFollower';

const PODS = numberArg('pods', 20_000), RATE = numberArg('rate', 2000), SECONDS = numberArg('seconds', 20), CLIENTS = numberArg('clients', 500), CLUSTERS = numberArg('clusters', 1);

async function main(): Promise<void> {
  const unmeasured: string[] = [];
  console.log(`bench/engine: ${PODS} pods, ${RATE} updates/s for ${SECONDS} s, ${CLIENTS} overview clients${CLUSTERS > 1 ? `, spread over ${CLUSTERS} clusters` : ''}, history ${historyOff() ? 'off' : 'on (embedded)'}\n`);
  const clusters: ClusterHandle[] = [];
  for (let i = 0; i < CLUSTERS; i++) clusters.push(await startCluster());
  const cluster = clusters[0];
  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'server/main.ts'), '--kubeconfig', clusters.map((c) => c.ready.kubeconfig).join(','), '--port', String(port), '--no-pages', '--log-level', 'warn', ...historyArgs(), '--max-connections', String(CLIENTS + 100), '--max-connections-per-address', String(CLIENTS + 10), '--address-message-burst', String(4 * CLIENTS + 100)], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  const origin = `http://127.0.0.1:${port}`;
  await waitReady(origin, server, 120_000);
  const pid = server.pid!;
  await sleep(3000);
  const rssBaseline = rssBytes(pid);

  const namespace = 'bench';
  const perCluster = Math.round(PODS / CLUSTERS);
  const big = Math.round(perCluster / 2);
  const rest = perCluster - big;
  const apps = [
    { appId: 'spark-bench00000000000000000000000001', appName: 'bench-big', executors: big - 1 },
    { appId: 'spark-bench00000000000000000000000002', appName: 'bench-b', executors: Math.round(rest * 0.4) - 1 },
    { appId: 'spark-bench00000000000000000000000003', appName: 'bench-c', executors: Math.round(rest * 0.3) - 1 },
    { appId: 'spark-bench00000000000000000000000004', appName: 'bench-d', executors: rest - Math.round(rest * 0.4) - Math.round(rest * 0.3) - 1 },
  ];

  // The measuring client: subscribed to every application, it records each diff's arrival.
  let matcher = new LatencyMatcher();
  const follower = followScopes(origin, (scope, name, at) => { if (scope.kind === 'app') matcher.saw(`${scope.cluster}/${name}`, at); });
  const states = follower.states;
  // The clusters' ids, as the dashboard made them from the kubeconfigs' contexts (in their order).
  const clusterIds = ((await (await fetch(`${origin}/api/clusters`)).json()) as { clusters: { id: string }[] }).clusters.map((c) => c.id);
  const clusterId = clusterIds[0];
  await follower.connected;
  for (const id of clusterIds) for (const a of apps) follower.subscribe({ kind: 'app', cluster: id, namespace, appId: a.appId });

  // ---- 1. seed
  const seedStart = nowMs();
  for (const c of clusters) c.send({ cmd: 'seed', namespace, apps });
  const seededAll = await Promise.all(clusters.map((c) => c.next('seeded')));
  const seeded = { pods: seededAll.reduce((n, x) => n + x.pods, 0), bytesPerPod: seededAll[0].bytesPerPod };
  const total = () => [...states.values()].reduce((n, s) => n + s.rows.filter((r) => r && !r.gone).length, 0);
  while (total() < seeded.pods) await sleep(100);
  const seedMs = nowMs() - seedStart;
  await sleep(5000);
  const rssSeeded = rssBytes(pid);
  console.log(`seed: ${seeded.pods} pods of ~${(seeded.bytesPerPod / 1024).toFixed(1)} KB JSON each, all at the client after ${(seedMs / 1000).toFixed(1)} s`);
  console.log(`server RSS: ${mb(rssBaseline)} before, ${mb(rssSeeded)} with ${seeded.pods} pods → ${mb(((rssSeeded - rssBaseline) / seeded.pods) * 10_000)} per 10,000 pods`);

  // ---- 1b. the poll, with the defaults a user gets (every 30 s, resourceVersion=0: the whole
  // list in one answer from the API server's cache, read as it arrives)
  {
    const polled = () => metricSum(origin, 'spark_dashboard_polls_total');
    const failed = () => metricSum(origin, 'spark_dashboard_poll_failures_total');
    const [p0, f0] = [await polled(), await failed()];
    let rssPeak = 0;
    const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, rssBytes(pid)); }, 100);
    const deadline = nowMs() + 45_000;
    while (await polled() + await failed() < p0 + f0 + CLUSTERS && nowMs() < deadline) await sleep(250);
    clearInterval(sampler);
    const [p1, f1] = [await polled(), await failed()];
    if (p1 === p0) unmeasured.push('poll: no poll completed within 45 s');
    console.log(`poll (defaults): ${p1 - p0} full lists of ${seeded.pods} pods read, ${f1 - f0} failed; server RSS peak ${mb(rssPeak)} while listing (${mb(((rssPeak - rssBaseline) / seeded.pods) * 10_000)} per 10,000 pods)`);
  }

  // ---- 2. sustained updates
  async function churnPhase(label: string, seconds: number): Promise<void> {
    matcher = new LatencyMatcher();
    clusters.forEach((c, i) => c.onWrites((w) => {
      for (const [key, at] of w) matcher.wrote(`${clusterIds[i]}/${key.slice(key.indexOf('/') + 1)}`, at);
    }));
    follower.resetStats();
    const cpu0 = cpuSeconds(pid), t0 = nowMs();
    let rssPeak = 0;
    const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, rssBytes(pid)); }, 500);
    for (const c of clusters) c.send({ cmd: 'churn', rate: RATE / CLUSTERS, seconds });
    const dones = await Promise.all(clusters.map((c) => c.next('churned')));
    const done = { writes: dones.reduce((n, d) => n + d.writes, 0), achievedRate: dones.reduce((n, d) => n + d.achievedRate, 0) };
    await sleep(1500);
    clearInterval(sampler);
    const cpu = (cpuSeconds(pid) - cpu0) / ((nowMs() - t0) / 1000);
    const { latencies } = matcher;
    const missing = matcher.unseenWrites(), unmatched = matcher.unmatchedSightings();
    const { diffBytes, changed: changedExecutors } = follower.stats;
    if (!latencies.length) unmeasured.push(`${label}: no update reached the client`);
    console.log(`\n${label}: ${done.writes} updates at ${done.achievedRate.toFixed(0)}/s`);
    console.log(`  latency API commit → diff at client: p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(Math.max(...latencies))} (${latencies.length} matched, ${missing} writes not seen, ${unmatched} unmatched)`);
    console.log(`  server CPU ${(cpu * 100).toFixed(0)}% of a core, RSS peak ${mb(rssPeak)}`);
    console.log(`  wire: ${(diffBytes / Math.max(1, changedExecutors)).toFixed(0)} bytes per changed executor (${changedExecutors} changes, ${mb(diffBytes)} of diff frames)`);
  }
  await churnPhase('sustained updates, 1 client', SECONDS);

  // ---- 3. with 500 overview clients (in a process of their own)
  const crowd = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/engineCrowd.ts'), origin, String(CLIENTS)], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const crowdNext = (ev: string) => new Promise<Record<string, unknown>>((resolve) => { const on = (m: { ev: string }) => { if (m.ev === ev) { crowd.off('message', on); resolve(m); } }; crowd.on('message', on); });
  await crowdNext('connected');
  await sleep(2000);
  crowd.send({ cmd: 'reset' });
  await churnPhase(`sustained updates, 1 client + ${CLIENTS} overview clients`, Math.max(5, Math.round(SECONDS / 2)));
  crowd.send({ cmd: 'report' });
  const report = await crowdNext('report') as { diffs: number; snapshots: number; lags: number[] };
  console.log(`  overview clients: ${report.diffs} diffs in all (${(report.diffs / CLIENTS).toFixed(0)} each), ${report.snapshots} resync snapshots; flush → overview client p50 ${ms(percentile(report.lags, 50))}, p99 ${ms(percentile(report.lags, 99))}`);
  crowd.send({ cmd: 'stop' });

  // ---- 4. burst
  const bigKey = appScopeKey(clusterId, namespace, apps[0].appId);
  const apps0Id = apps[0].appId;
  const burstStarted = cluster.next('burst-started');
  const burstCommitted = cluster.next('burst-done');
  cluster.send({ cmd: 'burst', appId: apps[0].appId });
  const burst = await burstStarted;
  const bigLive = () => (states.get(bigKey)?.rows ?? []).filter((r) => r && r.role === 'executor' && !r.gone).length;
  const deadline = nowMs() + 120_000;
  while (bigLive() > 0 && nowMs() < deadline) await sleep(20);
  if (bigLive() > 0) {
    const apps = await (await fetch(`${origin}/api/apps`)).json() as { apps: { key: string; counts: Record<string, number> }[] };
    unmeasured.push('burst: the client never showed every executor deleted');
    console.log(`burst did not drain: the client still shows ${bigLive()} live executors; the server says ${JSON.stringify(apps.apps.find((a) => a.key.endsWith(apps0Id))?.counts)}`);
  }
  const drained = nowMs();
  const burstDone = await burstCommitted;
  console.log(`\nburst: ${burst.pods} executors deleted by label (${((burstDone.at - burst.at) / 1000).toFixed(2)} s to commit at the API); all shown deleted at the client ${((drained - burst.at) / 1000).toFixed(2)} s after the first deletion`);
  console.log(`server RSS at the end: ${mb(rssBytes(pid))}`);

  follower.disconnect();
  server.kill('SIGTERM');
  for (const c of clusters) c.send({ cmd: 'stop' });
  await sleep(500);
  // Figures are never judged here; a run that measured nothing is a broken bench, not a figure.
  if (unmeasured.length) console.error(`bench/engine measured nothing for:\n  ${unmeasured.join('\n  ')}`);
  process.exit(unmeasured.length ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
