// The history schema's migrations: SQL files in ./migrations, applied in order at start, each
// in its own transaction with its version recorded in schema_migrations. Replicas starting
// together take turns (a transaction-scoped advisory lock). A database with a newer schema
// than this dashboard knows, or a migration that fails, stops the start with an error that
// names it: nothing is written to a schema the code does not understand.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HistoryDatabase } from './historyDatabase';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Any constant both replicas agree on: the advisory lock that serialises migrations. */
const MIGRATION_LOCK = 0x5350_4401;

export interface Migration { version: number; name: string; sql: string }

export class HistorySchemaError extends Error {}

/**
 * The tables and columns this dashboard reads and writes, after every migration. A database
 * whose recorded version says it has them but does not (a table dropped or altered by hand, a
 * restore gone wrong) is damaged: the start stops instead of writing around the damage.
 */
export const HISTORY_SCHEMA: Readonly<Record<string, readonly string[]>> = {
  history_apps: ['cluster', 'namespace', 'app_id', 'app_name', 'summary', 'driver_state', 'final_state', 'started_at', 'ended_at', 'last_change', 'executors', 'peak_running', 'core_seconds', 'open_cores', 'open_core_since'],
  history_pods: ['cluster', 'uid', 'namespace', 'app_id', 'name', 'role', 'created_at', 'gone_at', 'last_change', 'row', 'exit', 'signature', 'seen_order', 'cores', 'running_ms', 'running_since'],
  history_transitions: ['cluster', 'uid', 'state', 'occurrence', 'at', 'namespace', 'app_id'],
  history_driver_log: ['cluster', 'namespace', 'app_id', 'at', 'pod_name', 'state', 'entry'],
  history_counts: ['cluster', 'namespace', 'app_id', 'at', 'counts'],
  history_observations: ['cluster', 'started_at', 'last_seen'],
  history_pod_events: ['cluster', 'uid', 'event_id', 'namespace', 'app_id', 'at', 'event'],
  history_log_tails: ['cluster', 'uid', 'namespace', 'app_id', 'at', 'tail'],
};

/** Throws a HistorySchemaError naming what is missing when the database lacks part of HISTORY_SCHEMA. */
export async function verifySchema(db: HistoryDatabase): Promise<void> {
  const rows = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ANY($1::text[])`, [Object.keys(HISTORY_SCHEMA)]);
  const have = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
  const missing: string[] = [];
  for (const [table, columns] of Object.entries(HISTORY_SCHEMA)) {
    if (!rows.some((r) => r.table_name === table)) { missing.push(`table ${table}`); continue; }
    for (const c of columns) if (!have.has(`${table}.${c}`)) missing.push(`column ${table}.${c}`);
  }
  if (!missing.length) return;
  const [newest] = await db.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version DESC LIMIT 1').catch(() => []);
  throw new HistorySchemaError(`The history database (${db.where}) is damaged: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''} missing${newest ? `, although it records schema version ${newest.version} (${newest.name})` : ''}. Nothing was written; restore it from a backup, move it aside (embedded: its --history-dir) or point --database-url elsewhere.`);
}

export function bundledMigrations(dir = DIR): Migration[] {
  return fs.readdirSync(dir).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort().map((f) => ({
    version: Number(f.slice(0, 4)), name: f.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(dir, f), 'utf8'),
  }));
}

/** Applies what is missing; returns the names applied. */
export async function migrate(db: HistoryDatabase, migrations: readonly Migration[] = bundledMigrations()): Promise<string[]> {
  const latest = migrations.reduce((m, x) => Math.max(m, x.version), 0);
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const rows = await tx.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
      const newest = rows[rows.length - 1];
      if (newest && newest.version > latest) {
        throw new HistorySchemaError(`The history database (${db.where}) has schema version ${newest.version} (${newest.name}), newer than this dashboard knows (${latest}): run a newer dashboard, or point --database-url elsewhere. Nothing was changed.`);
      }
      if (rows.some((r) => r.version === m.version)) return false;
      try {
        await tx.exec(m.sql);
      } catch (e) {
        throw new HistorySchemaError(`History migration ${m.name} failed on ${db.where}: ${(e as Error).message}. The database was left as it was before this migration.`);
      }
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
      return true;
    });
    if (done) applied.push(m.name);
  }
  return applied;
}
