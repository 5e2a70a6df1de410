// History as the dashboard runs it: the database opened (embedded by default, PostgreSQL with
// --database-url) and migrated at start, one writer per cluster engine, the reads, pruning by
// --history-retention in the background, and health. The live view never waits for it: a
// database that cannot be reached leaves the dashboard running with history degraded (said in
// /readyz and counted in /metrics) while writes wait, bounded, and are retried; a new embedded
// database is created in the background while the live view starts.

import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Cancel, Scheduler } from '../scheduling/scheduler';
import { databaseName, openEmbeddedDatabase, openPostgresDatabase, type HistoryDatabase } from './historyDatabase';
import { HistoryReader } from './historyReader';
import { HistoryReadGate } from './readGate';
import { pruneHistory } from './pruneHistory';
import { HistoryWriter, type HistoryWriterOptions } from './historyWriter';
import { HistorySchemaError, migrate, verifySchema } from './migrations';
import { AdvisoryLockLease, soleWriter, type WriterLease } from './writerLease';

const PRUNE_EVERY_MS = 10 * 60_000;
const RECONNECT_EVERY_MS = 10_000;
/** The embedded database runs no autovacuum: rows rewritten every second would bloat it for good. */
const VACUUM_EVERY_MS = 2 * 60_000;
const HISTORY_TABLES = ['history_pods', 'history_apps', 'history_transitions', 'history_counts', 'history_driver_log', 'history_observations', 'history_pod_events', 'history_log_tails'];

export class HistoryStartError extends Error {}

type Settings = Pick<Config, 'databaseUrl' | 'historyDir' | 'historyRetention' | 'historyInterval'>;

export class HistoryService {
  readonly writers: HistoryWriter[] = [];
  private readonly leases: WriterLease[] = [];
  private db: HistoryDatabase | null = null;
  private openError: string | null = null;
  private cancelPrune: Cancel | null = null;
  private cancelReconnect: Cancel | null = null;
  private cancelVacuum: Cancel | null = null;
  private vacuuming: Promise<void> | null = null;
  /** A new embedded database being created in the background (see start). */
  private creating: Promise<void> | null = null;
  private releaseLock: (() => void) | null = null;
  readonly metrics = { pruned: 0, lastPruneAt: null as number | null };

  private constructor(private readonly settings: Settings, private readonly scheduler: Scheduler, private readonly log: Logger) {}

  /**
   * Opens and migrates the database. A schema this dashboard does not understand (newer, or a
   * failed migration) or an embedded directory in use by another process is an error that
   * stops the start; a PostgreSQL that does not answer is not (history is degraded and retried).
   */
  static async start(settings: Settings, scheduler: Scheduler, log: Logger): Promise<HistoryService> {
    const service = new HistoryService(settings, scheduler, log);
    if (!settings.databaseUrl && !fs.existsSync(path.join(service.pgdataDir, 'PG_VERSION'))) {
      // A new embedded database takes seconds to create (initdb) and holds nothing to take
      // back: the live view starts meanwhile, and changes wait for it like for a database that
      // does not answer. The directory is claimed first, so a second process still may not.
      service.lockEmbedded();
      service.creating = service.connect().then(
        () => { for (const w of service.writers) w.retrySoon(); },
        (e: Error) => {
          service.openError = e.message;
          log.error('history: the new embedded database could not be created; retrying', { where: service.where, error: e.message });
          service.cancelReconnect = scheduler.every(RECONNECT_EVERY_MS, () => void service.reconnect());
        },
      ).finally(() => { service.creating = null; });
    } else {
      try {
        await service.connect();
      } catch (e) {
        if (e instanceof HistorySchemaError || e instanceof HistoryStartError || !settings.databaseUrl) {
          service.releaseLock?.();
          throw e instanceof HistoryStartError || e instanceof HistorySchemaError ? e : new HistoryStartError(`The embedded history database in ${path.resolve(settings.historyDir)} could not be opened: ${(e as Error).message}. Move the directory aside to start a new history, or run with --no-history.`);
        }
        service.openError = (e as Error).message;
        log.warn('history: the database does not answer; the live view runs, history waits', { where: service.where, error: service.openError });
        service.cancelReconnect = scheduler.every(RECONNECT_EVERY_MS, () => void service.reconnect());
      }
    }
    service.cancelPrune = scheduler.every(PRUNE_EVERY_MS, () => void service.prune());
    if (!settings.databaseUrl) service.cancelVacuum = scheduler.every(VACUUM_EVERY_MS, () => void service.vacuum());
    return service;
  }

  get where(): string {
    return this.db?.where ?? (this.settings.databaseUrl ? 'PostgreSQL' : path.resolve(this.settings.historyDir));
  }

  get kind(): 'embedded' | 'postgres' {
    return this.settings.databaseUrl ? 'postgres' : 'embedded';
  }

  private async connect(): Promise<void> {
    const db = this.settings.databaseUrl ? await openPostgresDatabase(this.settings.databaseUrl) : await this.openEmbedded();
    try {
      const applied = await migrate(db);
      if (applied.length) this.log.info('history: schema migrated', { where: db.where, applied });
      await verifySchema(db);
    } catch (e) {
      await db.close().catch(() => {});
      throw e;
    }
    this.db = db;
    this.openError = null;
    this.log.info('history: recording', { where: db.where });
    void this.prune();
  }

  private async reconnect(): Promise<void> {
    if (this.db) return;
    try {
      await this.connect();
      this.cancelReconnect?.();
      for (const w of this.writers) w.retrySoon();
    } catch (e) {
      if (e instanceof HistorySchemaError) this.log.error('history: the database cannot be used', { error: (e as Error).message });
      this.openError = (e as Error).message;
    }
  }

  /** The embedded database's own files, inside the history directory (beside the lock). */
  private get pgdataDir(): string {
    return path.join(path.resolve(this.settings.historyDir), 'pgdata');
  }

  /** PGlite is one process's: a lock file keeps a second dashboard from opening the same files. */
  private lockEmbedded(): void {
    if (this.releaseLock) return;
    const dir = path.resolve(this.settings.historyDir);
    fs.mkdirSync(dir, { recursive: true });
    const lock = path.join(dir, 'dashboard.lock');
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
    } catch {
      const holder = Number(fs.readFileSync(lock, 'utf8'));
      if (holder && holder !== process.pid && alive(holder)) throw new HistoryStartError(`The history directory ${dir} is in use by another dashboard process (pid ${holder}). Give this one its own --history-dir, share a PostgreSQL with --database-url, or run with --no-history.`);
      fs.writeFileSync(lock, String(process.pid));
    }
    this.releaseLock = () => { try { if (fs.readFileSync(lock, 'utf8') === String(process.pid)) fs.unlinkSync(lock); } catch { /* gone */ } this.releaseLock = null; };
  }

  /** The lock is the service's until close (or a failed start): a creation being retried keeps it. */
  private async openEmbedded(): Promise<HistoryDatabase> {
    this.lockEmbedded();
    return openEmbeddedDatabase(this.pgdataDir);
  }

  /** The database as writers and readers see it: every call fails clearly while it is not connected. */
  get client(): HistoryDatabase {
    const current = () => this.current();
    const where = this.where;
    return {
      kind: this.kind, where,
      // async: "not connected" is a rejected promise, like any failed query, never a throw.
      query: async (sql, params) => current().query(sql, params),
      exec: async (sql) => current().exec(sql),
      transaction: async (fn) => current().transaction(fn),
      dedicated: async () => current().dedicated(),
      close: async () => {},
    };
  }

  private current(): HistoryDatabase {
    if (!this.db) throw new Error(`the history database is not connected${this.openError ? ` (${this.openError})` : ''}`);
    return this.db;
  }

  /** A new embedded database is being created (see start). */
  get starting(): boolean {
    return this.creating !== null;
  }

  get connected(): boolean {
    return this.db !== null;
  }

  reader(): HistoryReader {
    return new HistoryReader(this.client);
  }

  /** The reads the JSON API makes: a few at a time, records shared for a few seconds. */
  readonly reads = new HistoryReadGate(() => this.reader());

  /** A writer for one cluster, with the lease that decides whether this replica writes it. */
  writer(cluster: string, options: Omit<HistoryWriterOptions, 'cluster' | 'db' | 'intervalMs' | 'countsSampleMs' | 'maxPendingPods' | 'maxPendingLogEntries' | 'scheduler' | 'lease'>, log: Logger): HistoryWriter {
    const lease = this.settings.databaseUrl ? new AdvisoryLockLease(this.client, cluster, this.scheduler, 2000, log) : soleWriter;
    lease.start();
    this.leases.push(lease);
    const writer = new HistoryWriter({
      ...options, mayWrite: () => !this.starting && (options.mayWrite?.() ?? true), cluster, db: this.client, intervalMs: this.settings.historyInterval, countsSampleMs: 5000,
      maxPendingPods: 250_000, maxPendingLogEntries: 50_000, scheduler: this.scheduler, lease,
    }, log);
    this.writers.push(writer);
    return writer;
  }

  /** Why history is not being kept right now, or null. */
  problem(): string | null {
    // Said to every viewer: which kind of database, never its directory or address (those are in the log).
    if (!this.db && this.starting) return 'History starts in a moment: a new embedded database is being created; changes wait for it.';
    if (!this.db) return `History is not being recorded: the ${databaseName(this.kind)} does not answer (${this.openError ?? 'connecting'}); it is retried every ${RECONNECT_EVERY_MS / 1000} s.`;
    for (const w of this.writers) {
      const p = w.problem();
      if (p) return p;
    }
    return null;
  }

  /** Deletes applications that ended before the retention, with everything recorded of them. */
  async prune(): Promise<number> {
    if (!this.db) return 0;
    const cutoff = this.scheduler.now() - this.settings.historyRetention;
    try {
      const rows = await pruneHistory(this.db, cutoff);
      this.metrics.pruned += rows;
      this.metrics.lastPruneAt = this.scheduler.now();
      if (rows) this.log.info('history: pruned applications past the retention', { applications: rows });
      return rows;
    } catch (e) {
      this.log.warn('history: pruning failed', { error: (e as Error).message });
      return 0;
    }
  }

  /** What autovacuum does on a server: dead row versions reclaimed, statistics kept current. */
  async vacuum(): Promise<void> {
    if (!this.db || this.vacuuming) return this.vacuuming ?? undefined;
    const db = this.db;
    this.vacuuming = (async () => {
      try {
        for (const table of HISTORY_TABLES) await db.exec(`VACUUM (ANALYZE) ${table}`);
      } catch (e) {
        this.log.warn('history: vacuum failed', { error: (e as Error).message });
      } finally {
        this.vacuuming = null;
      }
    })();
    return this.vacuuming;
  }

  async close(): Promise<void> {
    this.cancelPrune?.();
    this.cancelVacuum?.();
    this.cancelReconnect?.();
    // A database being created is finished first, then closed like any other (a creation
    // that failed meanwhile has set up its retries: cancelled again).
    await this.creating;
    this.cancelReconnect?.();
    for (const l of this.leases) await l.stop();
    // A vacuum under way finishes first: closing under it failed its next statement.
    await this.vacuuming;
    const db = this.db;
    this.db = null;
    await db?.close().catch(() => {});
    this.releaseLock?.();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
