// Where history lives: an embedded PostgreSQL (PGlite, files in a directory; nothing to
// install) or a real PostgreSQL server (`pg`). Both speak the same SQL with $n parameters;
// this is the one seam between them. 64-bit integers (epoch milliseconds) and numerics are
// read as JavaScript numbers on both.

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export interface SqlClient {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface HistoryDatabase extends SqlClient {
  readonly kind: 'embedded' | 'postgres';
  /** For logs and /readyz: the directory or the server (never a password). */
  readonly where: string;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /** A connection of its own (session-scoped locks); null where there is one process only. */
  dedicated(): Promise<DedicatedConnection | null>;
  close(): Promise<void>;
}

export interface DedicatedConnection extends SqlClient {
  /** Called once when the connection is lost (server restarted, network gone). */
  onLost(fn: (error: Error) => void): void;
  close(): Promise<void>;
}

const INT8 = 20, NUMERIC = 1700; // pg's type ids of int8 and numeric

/** How notices every viewer reads name the database: its kind, never its directory or address (those are logged). */
export const databaseName = (kind: HistoryDatabase['kind']): string => (kind === 'embedded' ? 'embedded database' : 'PostgreSQL database');

/**
 * The embedded database, in a worker thread of its own (see pgliteWorker.mjs): the main thread
 * only sends SQL and receives rows. Transactions hold a lock, so statements of other callers
 * wait until COMMIT instead of landing inside someone else's transaction.
 */
export async function openEmbeddedDatabase(dir: string): Promise<HistoryDatabase> {
  fs.mkdirSync(dir, { recursive: true });
  const { Worker } = await import('node:worker_threads');
  const script = new URL('./pgliteWorker.mjs', import.meta.url);
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    const { spawn } = await import('node:child_process');
    const init = spawn(process.execPath, [fileURLToPath(script), '--init', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let said = '';
    init.stderr!.on('data', (d: Buffer) => { said += d.toString(); });
    await new Promise<void>((resolve, reject) => {
      init.once('error', reject);
      init.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`creating the embedded database failed (${signal ?? `exit ${code}`})${said.trim() ? `: ${said.trim().slice(0, 500)}` : ''}`))));
    });
  }
  const worker = new Worker(script, { workerData: { dir } });
  worker.unref();
  let nextId = 1;
  const waiting = new Map<number, { resolve: (rows: unknown[]) => void; reject: (e: Error) => void }>();
  let failed: Error | null = null;
  const fail = (e: Error) => {
    failed = e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  const opened = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: { id: number; ok: boolean; rows?: unknown[]; error?: string }) => {
      if (m.id === 0) return m.ok ? resolve() : reject(new Error(m.error));
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.ok) w?.resolve(m.rows ?? []); else w?.reject(new Error(m.error));
    });
    worker.on('error', (e) => { reject(e); fail(e); });
    worker.on('exit', (code) => fail(new Error(`the embedded database thread exited (${code})`)));
  });
  await opened;
  const call = (m: { op: 'query'; sql: string; params: unknown[] } | { op: 'exec'; sql: string } | { op: 'close' }) => new Promise<unknown[]>((resolve, reject) => {
    if (failed) return reject(failed);
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, ...m });
  });
  const raw: SqlClient = {
    query: async <T,>(sql: string, params?: readonly unknown[]) => (await call({ op: 'query', sql, params: [...(params ?? [])] })) as T[],
    exec: async (sql: string) => { await call({ op: 'exec', sql }); },
  };
  // One transaction at a time; plain statements wait while one is open.
  let lock: Promise<void> = Promise.resolve();
  const locked = async <T,>(fn: () => Promise<T>): Promise<T> => {
    const before = lock;
    let release!: () => void;
    lock = new Promise<void>((r) => { release = r; });
    await before;
    try { return await fn(); } finally { release(); }
  };
  return {
    kind: 'embedded',
    where: path.resolve(dir),
    query: (sql, params) => locked(() => raw.query(sql, params)),
    exec: (sql) => locked(() => raw.exec(sql)),
    transaction: (fn) => locked(async () => {
      await raw.exec('BEGIN');
      try {
        const out = await fn(raw);
        await raw.exec('COMMIT');
        return out;
      } catch (e) {
        await raw.exec('ROLLBACK').catch(() => {});
        throw e;
      }
    }),
    dedicated: async () => null,
    close: async () => {
      await locked(() => call({ op: 'close' })).catch(() => {});
      await worker.terminate();
    },
  };
}

/** postgres://user:password@host:port/db → postgres://user@host:port/db */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return '(an unparsable database URL)';
  }
}

export async function openPostgresDatabase(url: string): Promise<HistoryDatabase> {
  const pg = (await import('pg')).default;
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === INT8 || oid === NUMERIC ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')),
  };
  // A pool that never waits forever: an unreachable server fails a write (which the writer
  // keeps and retries) instead of holding it.
  const config = { connectionString: url, connectionTimeoutMillis: 5000, query_timeout: 15_000, types: types as never };
  const pool = new pg.Pool({ ...config, max: 4 });
  pool.on('error', () => { /* an idle client lost its server: the next query reconnects */ });
  const client = (c: { query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }> }): SqlClient => ({
    query: async <T,>(sql: string, params?: readonly unknown[]) => (await c.query(sql, params as unknown[])).rows as T[],
    // Without parameters pg uses the simple protocol, which runs several statements.
    exec: async (sql: string) => { await c.query(sql); },
  });
  return {
    kind: 'postgres',
    where: redactDatabaseUrl(url),
    ...client(pool),
    async transaction(fn) {
      const c = await pool.connect();
      // A lent-out client has no listener of the pool's: a server that goes away between two
      // statements emits 'error' on it, which unheard would end the whole process. Heard here,
      // the transaction fails like any other and the broken client is destroyed, not pooled.
      let broken: Error | undefined;
      const onError = (e: Error) => { broken ??= e; };
      c.on('error', onError);
      try {
        await c.query('BEGIN');
        const out = await fn(client(c));
        await c.query('COMMIT');
        return out;
      } catch (e) {
        await c.query('ROLLBACK').catch((r: Error) => { broken ??= r; });
        throw e;
      } finally {
        c.removeListener('error', onError);
        c.release(broken);
      }
    },
    async dedicated() {
      const c = new pg.Client(config);
      let lost: ((e: Error) => void) | null = null;
      let closed = false;
      const fail = (e: Error) => { if (!closed) { closed = true; lost?.(e); } };
      c.on('error', fail);
      c.on('end', () => fail(new Error('connection ended')));
      await c.connect();
      return {
        ...client(c),
        onLost: (fn) => { lost = fn; },
        close: async () => { closed = true; await c.end().catch(() => {}); },
      };
    },
    close: () => pool.end(),
  };
}
