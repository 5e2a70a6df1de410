// bench/ui: the application page with 10,000 executors and 100 pod updates/s, in headless
// Chromium. Prints figures; asserts nothing.
//   npm run bench:ui [-- --executors 10000 --rate 100 --seconds 15]
// • time to first render: navigation start → the timeline drawn with every row;
// • frame time p50/p95 (requestAnimationFrame deltas) while the timeline runs live, and while
//   panning and zooming it;
// • event-to-screen latency p50/p99: from the commit at the API to the changed DOM node (the
//   state cell of the executors table), for probe pods written at a steady pace among the load.

import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { freePort } from '../test/k8s/controlPlane';
import type { FromCluster, ToCluster } from './engineCluster';
import { numberArg, repoRoot, sleep, waitReady, historyArgs } from './benchCli';
import { ms, percentile } from './procStats';

const EXECUTORS = numberArg('executors', 10_000), RATE = numberArg('rate', 100), SECONDS = numberArg('seconds', 15);

async function main(): Promise<void> {
  console.log(`bench/ui: one application with ${EXECUTORS} executors, ${RATE} pod updates/s\n`);
  if (spawnSync(process.execPath, [path.join(repoRoot, 'scripts/ensure-build.mjs')], { cwd: repoRoot, stdio: 'inherit' }).status !== 0) throw new Error('next build failed');

  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/engineCluster.ts')], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiters: { ev: string; resolve(m: FromCluster): void }[] = [];
  const writes = new Map<string, number[]>();
  child.on('message', (m: FromCluster) => {
    if (m.ev === 'writes') { for (const [key, at] of m.writes) { const n = key.slice(key.indexOf('/') + 1); (writes.get(n) ?? writes.set(n, []).get(n)!).push(at); } return; }
    const i = waiters.findIndex((w) => w.ev === m.ev);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(m);
  });
  const next = <E extends FromCluster['ev']>(ev: E) => new Promise<Extract<FromCluster, { ev: E }>>((resolve) => waiters.push({ ev, resolve: resolve as (m: FromCluster) => void }));
  const send = (m: ToCluster) => child.send(m);
  const ready = await next('ready');

  const namespace = 'bench';
  const appId = 'spark-benchui000000000000000000000001';
  const seeded = next('seeded');
  send({ cmd: 'seed', namespace, apps: [{ appId, appName: 'bench-ui', executors: EXECUTORS }] });
  await seeded;

  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'server/main.ts'), '--kubeconfig', ready.kubeconfig, '--port', String(port), '--log-level', 'warn', ...historyArgs()], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  const origin = `http://127.0.0.1:${port}`;
  await waitReady(origin, server, 120_000);
  // Ready is not enough: wait until every executor seeded has reached the server.
  for (;;) {
    try {
      const r = await fetch(`${origin}/api/apps`);
      if (r.ok && ((await r.json()) as { apps: { executors: number }[] }).apps[0]?.executors === EXECUTORS) break;
    } catch { /* starting */ }
    await sleep(250);
  }

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const probeNames: string[] = [];
  // Everything is sampled once per animation frame: what counts is what reaches the screen.
  // (A string, not a function: tsx's esbuild adds helpers to functions that the page lacks.)
  await page.addInitScript({ content: `
    window.__frames = []; window.__recording = false; window.__firstRender = null; window.__changes = [];
    const seen = new Map();
    let last = performance.now();
    function tick(t) {
      if (window.__recording) window.__frames.push(t - last);
      last = t;
      const timeline = document.querySelector('[data-testid="executor-timeline"]');
      if (!window.__firstRender && timeline && Number(timeline.getAttribute('data-rows')) > 0 && Number(timeline.getAttribute('data-draws')) > 0) {
        window.__firstRender = { at: performance.now(), rows: Number(timeline.getAttribute('data-rows')) };
      }
      for (const row of document.querySelectorAll('[data-testid="executor-table"] [data-pod]')) {
        const name = row.getAttribute('data-pod');
        const text = row.children[2] ? row.children[2].textContent : '';
        if (seen.has(name) && seen.get(name) !== text) window.__changes.push([name, text, performance.timeOrigin + performance.now()]);
        seen.set(name, text);
      }
      requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
  ` });

  // ---- first render
  await page.goto(`${origin}/apps/${namespace}/${appId}`);
  await page.waitForFunction((n) => {
    const f = (window as unknown as { __firstRender: { rows: number } | null }).__firstRender;
    return f !== null && f.rows >= n;
  }, EXECUTORS, { timeout: 60_000 }).catch(async (e) => {
    const state = await page.evaluate(() => ({ first: (window as unknown as { __firstRender: unknown }).__firstRender, rows: document.querySelector('[data-testid="executor-timeline"]')?.getAttribute('data-rows'), draws: document.querySelector('[data-testid="executor-timeline"]')?.getAttribute('data-draws') }));
    await page.screenshot({ path: '/tmp/bench-ui-timeout.png' });
    throw new Error(`first render not seen: ${JSON.stringify(state)} (${e})`);
  });
  const first = await page.evaluate(() => (window as unknown as { __firstRender: { at: number } }).__firstRender.at);
  const nav = await page.evaluate(() => { const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming; return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd }; });
  console.log(`first render: timeline drawn with all ${EXECUTORS + 1} rows ${ms(first)} after navigation start (DOMContentLoaded ${ms(nav.dcl)})`);
  const realNames = await page.locator('[data-testid="executor-table"] [data-pod]').evaluateAll((els) => els.slice(0, 5).map((e) => e.getAttribute('data-pod')!));
  probeNames.splice(0, probeNames.length, ...realNames);
  await sleep(2000);

  const frames = async (label: string, during: () => Promise<void>) => {
    await page.evaluate(() => { const w = window as unknown as Record<string, unknown>; w.__frames = []; w.__recording = true; });
    await during();
    const deltas = await page.evaluate(() => { const w = window as unknown as Record<string, unknown>; w.__recording = false; return w.__frames as number[]; });
    const draw = Number(await page.getByTestId('executor-timeline').getAttribute('data-last-draw-ms'));
    console.log(`${label}: frame time p50 ${ms(percentile(deltas, 50))}, p95 ${ms(percentile(deltas, 95))}, max ${ms(Math.max(...deltas))} over ${deltas.length} frames (last timeline draw ${ms(draw)})`);
  };

  // ---- live: updates at RATE/s, with probes on the first executors of the table
  const churned = next('churned');
  send({ cmd: 'churn', rate: RATE, seconds: SECONDS * 2 + 5, skip: probeNames });
  await frames(`live timeline, ${RATE} updates/s`, async () => {
    const probed = next('probed');
    send({ cmd: 'probe', names: probeNames, intervalMs: 200, count: Math.round((SECONDS * 1000) / 200) });
    await probed;
  });

  // ---- pan and zoom while the updates go on
  const box = (await page.getByRole('application', { name: /Executor timeline/ }).boundingBox())!;
  await frames('panning and zooming, live', async () => {
    const end = Date.now() + SECONDS * 1000;
    const cx = box.x + box.width / 2, cy = box.y + Math.min(200, box.height / 2);
    while (Date.now() < end) {
      await page.mouse.move(cx, cy);
      await page.keyboard.down('Control');
      for (let i = 0; i < 5; i++) { await page.mouse.wheel(0, -120); await sleep(30); }
      for (let i = 0; i < 5; i++) { await page.mouse.wheel(0, 120); await sleep(30); }
      await page.keyboard.up('Control');
      await page.mouse.down();
      for (let i = 0; i < 20; i++) { await page.mouse.move(cx - i * 15, cy); await sleep(16); }
      await page.mouse.up();
      await page.mouse.wheel(0, 400);
      await sleep(50);
      await page.mouse.wheel(0, -400);
    }
  });
  await churned;

  // ---- event-to-screen latency of the probes
  const changes = await page.evaluate(() => (window as unknown as { __changes: [string, string, number][] }).__changes);
  const latencies: number[] = [];
  for (const [name, , at] of changes) {
    const queue = writes.get(name);
    const written = queue?.shift();
    if (written !== undefined) latencies.push(at - written);
  }
  console.log(`event-to-screen (API commit → table cell changed): p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(Math.max(...latencies))} (${latencies.length} probes)`);

  await browser.close();
  server.kill('SIGTERM');
  send({ cmd: 'stop' });
  await sleep(500);
  // Figures are never judged here; a run that measured nothing is a broken bench, not a figure.
  if (!latencies.length) console.error('bench/ui measured nothing: no probed update reached the screen');
  process.exit(latencies.length ? 0 : 1);
}

main().catch((e) => { console.error(e); process.exit(1); });
