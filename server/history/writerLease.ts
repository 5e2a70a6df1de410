// Which replica writes a cluster's history. Several dashboard processes may share one
// PostgreSQL; each watches the cluster and could write, but one does: the holder of a
// session-scoped advisory lock named after the cluster. When the holder dies its connection
// closes, the lock is released, and another replica takes it within one try interval and
// writes everything it holds (idempotently: nothing is stored twice). An embedded database
// has one process, which always writes.

import type { Logger } from '../log';
import type { Cancel, Scheduler } from '../scheduling/scheduler';
import type { DedicatedConnection, HistoryDatabase } from './historyDatabase';

export interface WriterLease {
  /** 'held': this process writes; 'standby': another replica holds the lock; 'unknown': the database cannot be asked. */
  state(): 'held' | 'standby' | 'unknown';
  held(): boolean;
  /** Why the lock cannot be taken or checked, or null. */
  problem(): string | null;
  start(): void;
  stop(): Promise<void>;
}

export const soleWriter: WriterLease = { state: () => 'held', held: () => true, problem: () => null, start() {}, stop: async () => {} };

/** A lock key both replicas derive from the cluster id alone. */
export function lockKey(cluster: string): string {
  return `spark-pod-dashboard/history-writer/${cluster}`;
}

export class AdvisoryLockLease implements WriterLease {
  private conn: DedicatedConnection | null = null;
  private holding = false;
  private standby = false;
  private lastError: string | null = null;
  private busy = false;
  private cancel: Cancel | null = null;

  constructor(private readonly db: HistoryDatabase, private readonly cluster: string, private readonly scheduler: Scheduler, private readonly tryEveryMs: number, private readonly log: Logger) {}

  held(): boolean {
    return this.holding;
  }

  state(): 'held' | 'standby' | 'unknown' {
    return this.holding ? 'held' : this.standby ? 'standby' : 'unknown';
  }

  problem(): string | null {
    return this.lastError && `the writer lock cannot be taken: ${this.lastError}`;
  }

  start(): void {
    void this.tick();
    this.cancel = this.scheduler.every(this.tryEveryMs, () => void this.tick());
  }

  async stop(): Promise<void> {
    this.cancel?.();
    this.holding = false;
    await this.conn?.close();
    this.conn = null;
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      if (!this.conn) {
        const conn = await this.db.dedicated();
        if (!conn) { this.holding = true; return; }
        conn.onLost((e) => {
          if (this.holding) this.log.warn('history: lost the writer lock with its connection', { cluster: this.cluster, error: e.message });
          this.holding = false;
          this.standby = false;
          this.lastError = e.message;
          if (this.conn === conn) this.conn = null;
        });
        this.conn = conn;
      }
      if (this.holding) {
        // Still connected means still holding: the lock lives as long as the session.
        await this.conn.query('SELECT 1');
        this.lastError = null;
        return;
      }
      const [row] = await this.conn.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [lockKey(this.cluster)]);
      this.holding = !!row?.ok;
      this.standby = !row?.ok;
      this.lastError = null;
    } catch (e) {
      this.holding = false;
      this.standby = false;
      this.lastError = (e as Error).message;
      const conn = this.conn;
      this.conn = null;
      await conn?.close().catch(() => {});
    } finally {
      this.busy = false;
    }
  }
}
