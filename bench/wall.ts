// bench/wall: the wall page over a sped-up run (hours of simulated churn in minutes), sampling
// the page's JS heap (after a forced GC), DOM nodes and event listeners. Flat lines mean
// bounded client state and no listener leaks. Prints figures; asserts nothing.
//   npm run bench:wall [-- --minutes 6 --churn 60 --interval 3]

import { spawn } from 'node:child_process';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { freePort } from '../test/k8s/controlPlane';
import { numberArg, repoRoot, sleep, waitReady } from './benchCli';

const MINUTES = numberArg('minutes', 6), CHURN = numberArg('churn', 60), INTERVAL = numberArg('interval', 3), SAMPLE_S = numberArg('sample', 20);

function slope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n, my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0), den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return den ? num / den : 0;
}

async function main(): Promise<void> {
  // The server's retention (2 h by default) runs at the same speed as the churn, so the run
  // reaches the steady state a wall reaches after 2 h: departed applications leave as new come.
  const retentionS = Math.max(60, Math.round(7200 / CHURN));
  console.log(`bench/wall: ${MINUTES} min of wall display at ${CHURN}× simulated speed (${((MINUTES * CHURN) / 60).toFixed(1)} simulated hours), rotating every ${INTERVAL} s, server retention ${retentionS} s (2 simulated hours)\n`);
  const port = await freePort();
  const server = spawn(process.execPath, [path.join(repoRoot, 'scripts/start.mjs'), '--port', String(port), '--sim-dir', '.sim-bench', '--sim-churn', String(CHURN), '--retention', `${retentionS}s`, '--log-level', 'warn'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  const origin = `http://127.0.0.1:${port}`;
  // start.mjs builds the pages first when needed: allow for a build.
  await waitReady(origin, server, 600_000);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info'],
  });
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${origin}/wall?interval=${INTERVAL}`);
  await page.getByTestId('wall-tile').first().waitFor({ timeout: 60_000 });

  const samples: { t: number; heapMb: number; nodes: number; listeners: number; apps: number; step: number }[] = [];
  const start = Date.now();
  console.log('  min   heap MB   DOM nodes   listeners   apps   (sampled on the grid view)');
  while (Date.now() - start < MINUTES * 60_000) {
    // Sample the same view every time (the grid), so DOM counts compare like with like.
    await page.waitForSelector('[data-testid="wall"][data-view="grid"]', { timeout: 120_000 });
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    const step = Number(await page.getByTestId('wall').getAttribute('data-step'));
    const apps = Number((await (await fetch(`${origin}/api/apps`)).json() as { apps: unknown[] }).apps.length);
    const s = { t: (Date.now() - start) / 60_000, heapMb: m.JSHeapUsedSize / 1024 / 1024, nodes: m.Nodes, listeners: m.JSEventListeners, apps, step };
    samples.push(s);
    console.log(`${s.t.toFixed(1).padStart(5)}   ${s.heapMb.toFixed(1).padStart(7)}   ${String(s.nodes).padStart(9)}   ${String(s.listeners).padStart(9)}   ${String(apps).padStart(4)}   (rotation step ${step})`);
    await sleep(SAMPLE_S * 1000);
  }
  // Skip the first minute (caches warming up) when fitting the trend, if the run is long enough.
  const warm = samples.filter((s) => s.t >= 1);
  const steady = warm.length >= 2 ? warm : samples;
  const perHour = (f: (s: (typeof samples)[number]) => number) => slope(steady.map((s) => [s.t / 60 * CHURN, f(s)]));
  console.log(`\ntrend per simulated hour${steady === warm ? ' (after the first minute)' : ''}: heap ${perHour((s) => s.heapMb).toFixed(2)} MB, DOM nodes ${perHour((s) => s.nodes).toFixed(0)}, listeners ${perHour((s) => s.listeners).toFixed(0)}`);
  console.log(`heap range ${Math.min(...steady.map((s) => s.heapMb)).toFixed(1)}–${Math.max(...steady.map((s) => s.heapMb)).toFixed(1)} MB; DOM nodes ${Math.min(...steady.map((s) => s.nodes))}–${Math.max(...steady.map((s) => s.nodes))}; listeners ${Math.min(...steady.map((s) => s.listeners))}–${Math.max(...steady.map((s) => s.listeners))}`);
  await browser.close();
  process.kill(-server.pid!, 'SIGTERM');
  await sleep(1000);
  // Figures are never judged here; fewer than two samples is a broken run, not a trend.
  if (samples.length < 2) console.error('bench/wall measured no trend: fewer than two samples');
  process.exit(samples.length < 2 ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
