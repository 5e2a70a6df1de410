// The embedded database's own thread. PGlite runs PostgreSQL compiled to WebAssembly, and a
// query runs synchronously on the thread that calls it: on the server's main thread, one
// history write of a few thousand rows would hold up every live diff behind it. Here it holds
// up only this thread. The main thread talks to it with messages (historyDatabase.ts).
// Plain JavaScript: a worker's entry module is loaded without the server's TypeScript loader.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const INT8 = 20, NUMERIC = 1700;

/**
 * PostgreSQL's defaults are for a server of its own (128 MB of shared buffers, 100
 * connections); one embedded client writing once a second needs far less, and each MB here is
 * the dashboard's resident memory.
 */
const SETTINGS = { shared_buffers: '32MB', max_connections: '10', wal_buffers: '1MB' };

function tune(dir) {
  const file = path.join(dir, 'postgresql.conf');
  if (!fs.existsSync(file)) return;
  let conf = fs.readFileSync(file, 'utf8');
  for (const [key, value] of Object.entries(SETTINGS)) {
    const line = `${key} = ${value}\t\t# spark-pod-dashboard: embedded, one client`;
    const re = new RegExp(`^#?\\s*${key}\\s*=.*$`, 'm');
    conf = re.test(conf) ? conf.replace(re, line) : `${conf}\n${line}\n`;
  }
  fs.writeFileSync(file, conf);
}

/**
 * A new directory is created (initdb) by a process of its own (`node pgliteWorker.mjs --init
 * DIR`) that then exits: initdb's memory (some 800 MB for a few seconds) is never the
 * dashboard's, and all of it goes back to the system when it ends.
 */
async function init(dir) {
  try {
    const db = await PGlite.create(dir);
    await db.close();
    tune(dir);
    process.exit(0);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}

/**
 * History is never the live path: under a full CPU (two cores shared with the watches, the
 * polls and hundreds of viewers) this thread should give way to the main thread, whose diffs
 * someone is waiting for, and catch up when it is free. On Linux a nice value belongs to one
 * thread, so this lowers only the database's thread; elsewhere (where it would lower the whole
 * process) it is left alone. Lowered once the database is open: opening (starting PostgreSQL
 * in WebAssembly) is a few seconds of work once, which at nice 10 on a machine busy with
 * other processes took ten times as long, and changes wait for it.
 */
const DATABASE_THREAD_NICE = 10;
function yieldToLivePath() {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, Math.max(os.getPriority(tid), DATABASE_THREAD_NICE));
  } catch {
    // no /proc, or not allowed: the thread keeps the process's priority
  }
}

async function main() {
  const port = parentPort;
  let db;
  try {
    tune(workerData.dir);
    db = await PGlite.create(workerData.dir, { parsers: { [INT8]: Number, [NUMERIC]: Number } });
  } catch (e) {
    port.postMessage({ id: 0, ok: false, error: e instanceof Error ? e.message : String(e) });
    return;
  }
  yieldToLivePath();
  port.postMessage({ id: 0, ok: true });
  // One request at a time, in order: a transaction's statements arrive between its BEGIN and COMMIT.
  let chain = Promise.resolve();
  port.on('message', (m) => {
    chain = chain.then(async () => {
      try {
        if (m.op === 'query') port.postMessage({ id: m.id, ok: true, rows: (await db.query(m.sql, m.params)).rows });
        else if (m.op === 'exec') { await db.exec(m.sql); port.postMessage({ id: m.id, ok: true }); }
        else { await db.close(); port.postMessage({ id: m.id, ok: true }); }
      } catch (e) {
        port.postMessage({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) });
      }
    });
  });
}

if (!parentPort && process.argv[2] === '--init') void init(process.argv[3]);
else void main();
