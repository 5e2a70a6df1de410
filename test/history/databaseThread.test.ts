// The embedded database's thread gives way to the live path: on Linux it runs at a lower
// priority (a higher nice value) than the server's main thread, which keeps its own.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase, type HistoryDatabase } from '../../server/history/historyDatabase';

/** Each thread of this process with its nice value (field 19 of /proc/self/task/TID/stat). */
function threadNices(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(tid), Number(fields[16]));
  }
  return out;
}

describe.runIf(process.platform === 'linux')('the embedded database thread', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-dbthread-'));
  let db: HistoryDatabase | null = null;
  afterAll(async () => { await db?.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('runs at nice 10 while the main thread keeps its priority', async () => {
    const before = threadNices();
    db = await openEmbeddedDatabase(path.join(dir, 'db'));
    await db.query('SELECT 1');
    const after = threadNices();
    const lowered = [...after].filter(([tid, nice]) => !before.has(tid) && nice === 10);
    expect(lowered.length).toBe(1);
    expect(after.get(process.pid)).toBe(before.get(process.pid));
    expect(os.getPriority(process.pid)).toBe(before.get(process.pid));
  }, 60_000);
});
