// The embedded database's own thread. PGlite runs PostgreSQL compiled to WebAssembly, and a
// query runs synchronously on the thread that calls it: on the server's main thread, one
// history write of a few thousand rows would hold up every live diff behind it. Here it holds
// up only this thread. The main thread talks to it with messages (historyDatabase.ts).
// Plain JavaScript: a worker's entry module is loaded without the server's TypeScript loader.

import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const INT8 = 20, NUMERIC = 1700;

async function main() {
  const port = parentPort;
  let db;
  try {
    db = await PGlite.create(workerData.dir, { parsers: { [INT8]: Number, [NUMERIC]: Number } });
  } catch (e) {
    port.postMessage({ id: 0, ok: false, error: e instanceof Error ? e.message : String(e) });
    return;
  }
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

void main();
