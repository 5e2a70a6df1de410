// A throwaway PostgreSQL server for the tests: Debian's binaries, initdb into a temporary
// directory, a free loopback port, trust authentication, no fsync (nothing here must survive
// the test). PostgreSQL refuses to run as root, so under root (as CI runs) the server runs as
// `nobody`, in a directory that user owns.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../k8s/controlPlane';

export interface PostgresServer {
  url(database?: string): string;
  /** A new empty database on this server. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
  /** The server goes away (fast shutdown: every connection is closed) … */
  down(): Promise<void>;
  /** … and comes back on the same port with the same data. */
  up(): Promise<void>;
}

export function findPostgresBin(): string | null {
  if (process.env.POSTGRES_BIN) return fs.existsSync(path.join(process.env.POSTGRES_BIN, 'postgres')) ? process.env.POSTGRES_BIN : null;
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], 'bin') : null;
}

const NOBODY = 65534;

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const root = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-pg-'));
  const data = path.join(dir, 'data');
  fs.mkdirSync(data, { mode: 0o700 });
  if (root) {
    fs.chmodSync(dir, 0o755);
    fs.chownSync(dir, NOBODY, NOBODY);
    fs.chownSync(data, NOBODY, NOBODY);
  }
  const as = root ? { uid: NOBODY, gid: NOBODY } : {};
  const init = spawnSync(path.join(bin, 'initdb'), ['-D', data, '-U', 'dashboard', '--auth=trust', '--encoding=UTF8', '--no-sync'], { ...as, encoding: 'utf8', cwd: dir });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout || init.error}`);
  const port = await freePort();
  let child: ChildProcess | null = null;
  const log: string[] = [];

  const run = async () => {
    const c = spawn(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'], { ...as, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    c.stdout!.on('data', (d: Buffer) => log.push(d.toString()));
    c.stderr!.on('data', (d: Buffer) => log.push(d.toString()));
    child = c;
    const pg = (await import('pg')).default;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (c.exitCode !== null) throw new Error(`postgres exited ${c.exitCode}: ${log.join('').slice(-2000)}`);
      const client = new pg.Client({ connectionString: `postgres://dashboard@127.0.0.1:${port}/postgres`, connectionTimeoutMillis: 1000 });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => {});
        if (Date.now() > deadline) throw new Error(`postgres did not accept connections: ${log.join('').slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const kill = async (signal: NodeJS.Signals) => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    await gone;
  };
  await run();
  const url = (database = 'postgres') => `postgres://dashboard@127.0.0.1:${port}/${database}`;
  return {
    url,
    async createDatabase(name) {
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try { await client.query(`CREATE DATABASE ${name.replace(/[^a-z0-9_]/g, '_')}`); } finally { await client.end(); }
      return url(name.replace(/[^a-z0-9_]/g, '_'));
    },
    async stop() {
      await kill('SIGINT');
      fs.rmSync(dir, { recursive: true, force: true });
    },
    down: () => kill('SIGINT'),
    up: () => run(),
  };
}
