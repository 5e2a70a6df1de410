// A PostgreSQL that goes away in the middle of a transaction: the transaction fails, the
// process goes on (a client the pool has lent out has no listener of the pool's, and an
// 'error' event nobody hears ends a Node process), and once the server is back the next
// transaction works on a fresh connection.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase } from '../../server/history/historyDatabase';
import { findPostgresBin, startPostgres, type PostgresServer } from './postgresServer';

describe.runIf(findPostgresBin())('a PostgreSQL lost during a transaction', { timeout: 120_000 }, () => {
  let pg: PostgresServer;
  beforeAll(async () => { pg = await startPostgres(); }, 60_000);
  afterAll(async () => { await pg?.stop(); });

  it('fails that transaction, keeps the process, and works again once the server is back', async () => {
    const db = await openPostgresDatabase(await pg.createDatabase('loss'));
    try {
      await db.exec('CREATE TABLE t (v integer)');
      const unheard: unknown[] = [];
      const onUncaught = (e: unknown) => { unheard.push(e); };
      process.on('uncaughtException', onUncaught);
      try {
        const lost = db.transaction(async (tx) => {
          await tx.query('INSERT INTO t VALUES (1)');
          // The server goes away while this transaction holds its connection, between statements.
          await pg.down();
          await new Promise((r) => setTimeout(r, 300));
          await tx.query('INSERT INTO t VALUES (2)');
        });
        await expect(lost).rejects.toThrow();
        await new Promise((r) => setTimeout(r, 300));
      } finally {
        process.off('uncaughtException', onUncaught);
      }
      expect(unheard.map(String)).toEqual([]);
      await pg.up();
      await db.transaction(async (tx) => { await tx.query('INSERT INTO t VALUES (3)'); });
      expect(await db.query<{ v: number }>('SELECT v FROM t ORDER BY v')).toEqual([{ v: 3 }]);
    } finally {
      await db.close().catch(() => {});
    }
  });
});
