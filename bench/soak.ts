// bench/soak: what a team wall display does for weeks, compressed: the embedded cluster and its
// Spark workload run in a process of their own at N× speed (applications start, fail, finish
// and are cleaned up), so the dashboard's figures are its own; the server's retention is
// scaled to match, and three pages stay open in headless Chromium (the
// overview, an application page that follows a long-lived application as they come and go,
// and the wall). Per simulated hour it prints the server's RSS and V8 heap after a forced GC,
// event-loop lag p99, open handles, socket clients, pods and applications held, and each
// page's JS heap after a GC; then the trend per simulated hour next to the target (flat).
// Prints figures; asserts nothing.
//   npm run bench:soak [-- --minutes 15 --churn 100 --sample 30]
//
// The server's GC is forced through the Node inspector on a loopback port that only this
// bench knows (the product has no debug endpoint; a bench must not add one).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import WebSocket from 'ws';
import type { AppsResponse } from '../lib/apiTypes';
import { freePort } from '../test/k8s/controlPlane';
import { numberArg, repoRoot, sleep, waitReady, historyArgs } from './benchCli';
import { percentile, rssBytes } from './procStats';

const MINUTES = numberArg('minutes', 15), CHURN = numberArg('churn', 100), SAMPLE_S = numberArg('sample', 30), WARMUP_HOURS = numberArg('warmup', 2);
const SIM_HOURS = (MINUTES * CHURN) / 60;
/** The embedded cluster and its workload, as `npm run sim` starts them. */
const SIM_MAIN = 'sim/main.ts';

/** A minimal Chrome DevTools Protocol client over the inspector's websocket (one request at a time). */
async function inspector(url: string) {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  let id = 0;
  const pending = new Map<number, (v: Record<string, unknown>) => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown> };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result ?? {});
  });
  const send = (method: string, params: Record<string, unknown> = {}) => new Promise<Record<string, unknown>>((resolve) => {
    const n = ++id;
    pending.set(n, resolve);
    ws.send(JSON.stringify({ id: n, method, params }));
  });
  return { send, close: () => ws.close() };
}

function inspectorUrl(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString();
      const m = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(text);
      if (m) { server.stderr!.off('data', onData); resolve(m[1]); }
    };
    server.stderr!.on('data', onData);
    server.once('exit', () => reject(new Error(`the server exited before its inspector listened:\n${text}`)));
  });
}

function metric(text: string, name: string): number {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((a, [x]) => a + x, 0) / n, my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0), den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return den ? num / den : 0;
}

async function pageHeapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 1024 / 1024;
}

interface Sample {
  simHour: number;
  rssMb: number; heapMb: number; lagP99Ms: number; handles: number; clients: number; pods: number; apps: number;
  overviewMb: number; appPageMb: number; wallMb: number; podEvents: number;
}

async function main(): Promise<void> {
  const retentionS = Math.max(30, Math.round(7200 / CHURN));
  console.log(`bench/soak: ${MINUTES} min at ${CHURN}× simulated speed = ${SIM_HOURS.toFixed(1)} simulated hours; server retention ${retentionS} s (2 simulated hours); overview, an application page and the wall open; a sample every ${SAMPLE_S} s (${((SAMPLE_S * CHURN) / 60).toFixed(0)} simulated minutes)\n`);
  const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/ensure-build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the pages could not be built');
  const cluster = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, SIM_MAIN), '--sim-clusters', '1', '--sim-dir', '.sim-bench-soak', '--sim-churn', String(CHURN), '--log-level', 'warn'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const kubeconfig = await new Promise<string>((resolve, reject) => {
    let out = '';
    cluster.stdout!.on('data', (d: Buffer) => { out += d.toString(); const m = /Kubeconfig: (\S+)/.exec(out); if (m) resolve(m[1]); });
    cluster.once('exit', (code) => reject(new Error(`the embedded cluster exited (${code}) before it listened:\n${out}`)));
  });
  const port = await freePort();
  const server = spawn(process.execPath, ['--expose-gc', '--inspect=127.0.0.1:0', '--import', 'tsx', path.join(repoRoot, 'server/main.ts'),
    '--port', String(port), '--kubeconfig', kubeconfig, '--retention', `${retentionS}s`, '--log-level', 'warn', ...historyArgs()],
  { cwd: repoRoot, stdio: ['ignore', 'inherit', 'pipe'], detached: true });
  const debuggerUrl = await inspectorUrl(server);
  server.stderr!.on('data', (d: Buffer) => { if (!/Debugger|inspector|For help/.test(d.toString())) process.stderr.write(d); });
  const origin = `http://127.0.0.1:${port}`;
  await waitReady(origin, server, 600_000);
  // No Runtime.enable: it would make the inspector keep whatever the server logs, and the heap measured with it.
  const node = await inspector(debuggerUrl);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'],
  });
  const open = async (url: string, viewport = { width: 1440, height: 900 }) => {
    const page = await browser.newPage({ viewport });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url);
    return { page, cdp };
  };
  const apps = async () => (await (await fetch(`${origin}/api/apps`)).json() as AppsResponse).apps;
  /** The application most worth following: a running driver, the most executors, the oldest. */
  const longLived = async () => (await apps()).filter((a) => a.driver && !a.driver.gone && a.driver.state === 'running')
    .sort((a, b) => b.executors - a.executors || (a.createdAt ?? 0) - (b.createdAt ?? 0))[0];
  const overview = await open(`${origin}/`);
  const wall = await open(`${origin}/wall?interval=5`, { width: 1920, height: 1080 });
  let followed = await longLived();
  const appPage = await open(followed ? `${origin}/apps/${followed.namespace}/${followed.appId}` : `${origin}/`);
  const follow = async (p: Page) => {
    const current = followed && (await apps()).find((a) => a.key === followed!.key);
    if (current && current.driver && !current.driver.gone && current.driver.state === 'running') return;
    followed = await longLived();
    if (followed) await p.goto(`${origin}/apps/${followed.namespace}/${followed.appId}`);
  };

  const seenApps = new Set<string>();
  const finishedApps = new Set<string>();
  const samples: Sample[] = [];
  const start = Date.now();
  let firstEvents = NaN;
  console.log(' sim h   RSS MB  heap MB  lag p99 ms  handles  clients    pods  apps   overview MB  app page MB  wall MB');
  while (Date.now() - start < MINUTES * 60_000) {
    await sleep(SAMPLE_S * 1000);
    await follow(appPage.page);
    for (const a of await apps()) {
      seenApps.add(a.key);
      if (a.driver && (a.driver.state === 'succeeded' || a.driver.state === 'failed' || a.driver.gone)) finishedApps.add(a.key);
    }
    await node.send('Runtime.evaluate', { expression: 'gc()' });
    const usage = await node.send('Runtime.getHeapUsage') as { usedSize?: number };
    const text = await (await fetch(`${origin}/metrics`)).text();
    const events = metric(text, 'spark_dashboard_pod_events_total');
    if (Number.isNaN(firstEvents)) firstEvents = events;
    const s: Sample = {
      simHour: ((Date.now() - start) / 60_000) * CHURN / 60,
      rssMb: rssBytes(server.pid!) / 1024 / 1024,
      heapMb: (usage.usedSize ?? NaN) / 1024 / 1024,
      lagP99Ms: metric(text, 'nodejs_eventloop_lag_p99_seconds') * 1000,
      handles: metric(text, 'nodejs_active_resources_total'),
      clients: metric(text, 'spark_dashboard_socket_clients'),
      pods: metric(text, 'spark_dashboard_store_pods'),
      apps: metric(text, 'spark_dashboard_store_applications'),
      overviewMb: await pageHeapMb(overview.cdp), appPageMb: await pageHeapMb(appPage.cdp), wallMb: await pageHeapMb(wall.cdp),
      podEvents: events,
    };
    samples.push(s);
    const f = (v: number, w: number, d = 1) => v.toFixed(d).padStart(w);
    console.log(`${f(s.simHour, 6)} ${f(s.rssMb, 8)} ${f(s.heapMb, 8)} ${f(s.lagP99Ms, 11)} ${f(s.handles, 8, 0)} ${f(s.clients, 8, 0)} ${f(s.pods, 7, 0)} ${f(s.apps, 5, 0)} ${f(s.overviewMb, 13)} ${f(s.appPageMb, 12)} ${f(s.wallMb, 8)}`);
  }

  const steady = samples.filter((s) => s.simHour >= WARMUP_HOURS);
  const trend = (f: (s: Sample) => number) => slope(steady.map((s) => [s.simHour, f(s)]));
  const range = (f: (s: Sample) => number) => `${Math.min(...steady.map(f)).toFixed(1)}–${Math.max(...steady.map(f)).toFixed(1)}`;
  const last = samples[samples.length - 1];
  console.log('\n(simulated hours are nominal: wall time × churn; a loaded machine lets the workload fall behind)');
  console.log(`load: ${seenApps.size} applications seen, ${finishedApps.size} of them finished; ${(last ? last.podEvents - firstEvents : 0).toFixed(0)} pod events after the first sample (${SIM_HOURS.toFixed(1)} simulated hours)`);
  console.log(`event-loop lag p99 over all samples: median ${percentile(samples.map((s) => s.lagP99Ms), 50).toFixed(1)} ms, worst ${Math.max(...samples.map((s) => s.lagP99Ms)).toFixed(1)} ms`);
  console.log(`trend per simulated hour after ${WARMUP_HOURS} h of warm-up (target: flat, within noise):`);
  for (const [label, f, unit] of [
    ['server RSS', (s: Sample) => s.rssMb, 'MB'], ['server heap after GC', (s: Sample) => s.heapMb, 'MB'], ['open handles', (s: Sample) => s.handles, ''],
    ['pods held', (s: Sample) => s.pods, ''], ['overview page heap', (s: Sample) => s.overviewMb, 'MB'], ['application page heap', (s: Sample) => s.appPageMb, 'MB'], ['wall page heap', (s: Sample) => s.wallMb, 'MB'],
  ] as [string, (s: Sample) => number, string][]) {
    console.log(`  ${label.padEnd(24)} ${trend(f) >= 0 ? '+' : ''}${trend(f).toFixed(2)} ${unit}/h   (range ${range(f)} ${unit})`);
  }
  // The workload's size moves on its own (more or fewer pods and applications held as they come
  // and go, and leftovers of applications whose cleanup failed): a leak is memory that grows
  // beyond what is held. Fit memory = a + b·held, then the trend of what is left over.
  const beyond = (label: string, mem: (s: Sample) => number, held: (s: Sample) => number, unit: string) => {
    const per = slope(steady.map((s) => [held(s), mem(s)]));
    const left = trend((s) => mem(s) - per * held(s));
    console.log(`  ${label.padEnd(24)} ${per.toFixed(3)} MB per ${unit} held; beyond that ${left >= 0 ? '+' : ''}${left.toFixed(2)} MB/h (the leak figure)`);
  };
  console.log('memory beyond what is held:');
  beyond('server heap (pods)', (s) => s.heapMb, (s) => s.pods, 'pod');
  beyond('server heap (applications)', (s) => s.heapMb, (s) => s.apps, 'application');
  beyond('overview page (applications)', (s) => s.overviewMb, (s) => s.apps, 'application');
  node.close();
  await browser.close();
  process.kill(-server.pid!, 'SIGTERM');
  process.kill(-cluster.pid!, 'SIGTERM');
  await sleep(1000);
  // Figures are never judged here; fewer than two samples after warm-up is a broken run, not a trend.
  if (steady.length < 2) console.error('bench/soak measured no trend: fewer than two samples after the warm-up');
  process.exit(steady.length < 2 ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
