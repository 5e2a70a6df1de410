// A damaged embedded history, or one written by a newer dashboard, stops the start with an
// error that says where and what to do: the dashboard never starts a new history over the old
// one, and never writes into files it cannot read (the damaged bytes are left as they were).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../server/history/historyDatabase';
import { migrate } from '../../server/history/migrations';

const root = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-history-damaged-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A history directory as the dashboard makes it, with one recorded row. */
async function historyDir(name: string): Promise<string> {
  const dir = path.join(tmp, name);
  const db = await openEmbeddedDatabase(path.join(dir, 'pgdata'));
  await migrate(db);
  await db.query("INSERT INTO history_observations VALUES ('c', 1, 2)");
  await db.close();
  return dir;
}

/** The dashboard's start on that directory (its own embedded cluster): exit code and what it printed. */
function startOn(dir: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts'), '--port', '0', '--no-pages', '--log-level', 'warn',
    '--sim-dir', path.join(dir, 'sim'), '--history-dir', dir], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((resolve) => child.once('exit', (code) => { clearTimeout(timer); resolve({ code, stderr }); }));
}

/** Overwrites a file with bytes PostgreSQL cannot read, keeping its size. */
function scramble(file: string): Buffer {
  const junk = Buffer.alloc(fs.statSync(file).size, 0x37);
  fs.writeFileSync(file, junk);
  return junk;
}

describe('a damaged embedded history stops the start', { timeout: 120_000 }, () => {
  it('a scrambled control file: a clear error naming the directory, and nothing rewritten', async () => {
    const dir = await historyDir('control');
    const file = path.join(dir, 'pgdata', 'global', 'pg_control');
    const junk = scramble(file);
    const { code, stderr } = await startOn(dir);
    expect(code).toBe(2);
    expect(stderr).toContain(`The embedded history database in ${dir} could not be opened`);
    expect(stderr).toMatch(/Move the directory aside to start a new history, or run with --no-history/);
    expect(fs.readFileSync(file).equals(junk)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'pgdata', 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'dashboard.lock'))).toBe(false);
  });

  it('scrambled table pages: the first read fails, the start stops and says so', async () => {
    const dir = await historyDir('pages');
    const base = path.join(dir, 'pgdata', 'base');
    const scrambled: [string, Buffer][] = [];
    for (const db of fs.readdirSync(base)) {
      for (const f of fs.readdirSync(path.join(base, db))) {
        // User relations (ours) have ids from 16384 up; the system catalogs stay readable.
        if (/^\d+$/.test(f) && Number(f) >= 16384 && fs.statSync(path.join(base, db, f)).size > 0) scrambled.push([path.join(base, db, f), scramble(path.join(base, db, f))]);
      }
    }
    expect(scrambled.length).toBeGreaterThan(0);
    const { code, stderr } = await startOn(dir);
    expect(code).toBe(2);
    expect(stderr).toContain(`The embedded history database in ${dir} could not be opened`);
    expect(stderr).toMatch(/invalid page|could not read|checksum/);
    for (const [file, junk] of scrambled) expect(fs.readFileSync(file).equals(junk)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'dashboard.lock'))).toBe(false);
  });

  it('a history written by a newer dashboard: refused, with the versions named', async () => {
    const dir = await historyDir('newer');
    const db = await openEmbeddedDatabase(path.join(dir, 'pgdata'));
    await db.query("INSERT INTO schema_migrations VALUES (999, '0999_future', 0)");
    await db.close();
    const { code, stderr } = await startOn(dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/has schema version 999 \(0999_future\), newer than this dashboard knows \(\d+\)/);
    const again = await openEmbeddedDatabase(path.join(dir, 'pgdata'));
    try {
      expect(await again.query('SELECT * FROM history_observations')).toEqual([{ cluster: 'c', started_at: 1, last_seen: 2 }]);
    } finally {
      await again.close();
    }
  });
});
