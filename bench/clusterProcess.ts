// The embedded cluster of a bench (bench/engineCluster.ts) in a process of its own, driven
// over IPC: commands out, events back, and the commit time of every write it makes.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { FromCluster, ToCluster } from './engineCluster';
import { repoRoot } from './benchCli';

export interface ClusterHandle {
  child: ChildProcess;
  send(m: ToCluster): void;
  next<E extends FromCluster['ev']>(ev: E): Promise<Extract<FromCluster, { ev: E }>>;
  onWrites(cb: (w: [string, number][]) => void): void;
  ready: Extract<FromCluster, { ev: 'ready' }>;
}

export function startCluster(): Promise<ClusterHandle> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/engineCluster.ts')], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiters: { ev: string; resolve(m: FromCluster): void }[] = [];
  let writesCb: (w: [string, number][]) => void = () => {};
  child.on('message', (m: FromCluster) => {
    if (process.env.BENCH_DEBUG && m.ev !== 'writes') console.error('[parent] got', m.ev, waiters.map((w) => w.ev));
    if (m.ev === 'writes') return writesCb(m.writes);
    const i = waiters.findIndex((w) => w.ev === m.ev);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(m);
  });
  const next = <E extends FromCluster['ev']>(ev: E) => new Promise<Extract<FromCluster, { ev: E }>>((resolve) => waiters.push({ ev, resolve: resolve as (m: FromCluster) => void }));
  return next('ready').then((ready) => ({ child, send: (m) => child.send(m), next, onWrites: (cb) => { writesCb = cb; }, ready }));
}

