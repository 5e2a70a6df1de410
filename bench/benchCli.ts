// What every bench script needs to run: its numeric flags, the repository root, a clock
// comparable across processes, and a wait for the dashboard server it started to be ready.

import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench scripts run their children from there). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The value of `--name N` on the command line, or `dflt`. */
export function numberArg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

/** The value of `--name a,b` on the command line as a list, or `dflt`. */
export function listArg(name: string, dflt: readonly string[]): string[] {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? '').split(',').filter(Boolean) : [...dflt];
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const nowMs = () => performance.timeOrigin + performance.now();

/** Polls `${url}/readyz` until it answers 200; fails when `child` exits first or after `timeoutMs`. */
export async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before ${url}/readyz answered`);
    try { if ((await fetch(`${url}/readyz`)).ok) return; } catch { /* starting */ }
    if (Date.now() > deadline) throw new Error(`${url}/readyz did not answer 200 within ${timeoutMs} ms`);
    await sleep(250);
  }
}

/** The sum of a metric over its labels, from a dashboard's /metrics. */
export async function metricSum(origin: string, name: string): Promise<number> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(name) && (line[name.length] === ' ' || line[name.length] === '{')) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

/** `--no-history` on the bench's command line. */
export const historyOff = () => process.argv.includes('--no-history');

/**
 * History as a user gets it (on, embedded, each server a bench starts in a fresh directory of
 * its own, as a first start would); `--no-history` on the bench's command line measures the
 * live path alone, as it was before history existed.
 */
export function historyArgs(): string[] {
  if (historyOff()) return ['--no-history'];
  return ['--history-dir', fs.mkdtempSync(path.join(os.tmpdir(), 'spd-bench-history-'))];
}

/** A histogram's cumulative bucket counts from a dashboard's /metrics, summed over its labels (by upper bound `le`). */
export async function histogramBuckets(origin: string, name: string): Promise<Map<number, number>> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  const buckets = new Map<number, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}_bucket{`)) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    if (!le) continue;
    const bound = le === '+Inf' ? Infinity : Number(le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return buckets;
}

/**
 * The bucket a percentile falls in, between two readings of a histogram: "≤ 50 ms" (a
 * histogram knows no finer). NaN when nothing was observed between them.
 */
export function histogramPercentile(before: Map<number, number>, after: Map<number, number>, p: number): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  if (total <= 0) return NaN;
  for (const b of bounds) if ((after.get(b) ?? 0) - (before.get(b) ?? 0) >= (p / 100) * total) return b * 1000;
  return Infinity;
}
