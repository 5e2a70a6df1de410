// Retention of the record: applications that ended before `cutoff`, and that nothing has
// touched since (the live view may still hold one that ended long ago), are deleted with every
// pod, transition, driver-log line and count sample of theirs, in one transaction; running
// applications are never pruned. Returns how many applications went.

import type { HistoryDatabase } from './historyDatabase';

export async function pruneHistory(db: Pick<HistoryDatabase, 'transaction'>, cutoff: number): Promise<number> {
  return db.transaction(async (tx) => {
    const gone = await tx.query<{ cluster: string; namespace: string; app_id: string }>(
      'DELETE FROM history_apps WHERE ended_at IS NOT NULL AND ended_at < $1 AND last_change < $1 RETURNING cluster, namespace, app_id', [cutoff]);
    await tx.query('DELETE FROM history_observations WHERE last_seen < $1', [cutoff]);
    if (!gone.length) return 0;
    const cols = [gone.map((g) => g.cluster), gone.map((g) => g.namespace), gone.map((g) => g.app_id)];
    // Transitions by their pods (the primary key's prefix), before the pods go.
    await tx.query(`DELETE FROM history_transitions t USING history_pods p, unnest($1::text[], $2::text[], $3::text[]) AS g(c, n, a)
      WHERE p.cluster = g.c AND p.namespace = g.n AND p.app_id = g.a AND t.cluster = p.cluster AND t.uid = p.uid`, cols);
    for (const table of ['history_pods', 'history_driver_log', 'history_counts', 'history_pod_events', 'history_log_tails']) {
      await tx.query(`DELETE FROM ${table} t USING unnest($1::text[], $2::text[], $3::text[]) AS g(c, n, a) WHERE t.cluster = g.c AND t.namespace = g.n AND t.app_id = g.a`, cols);
    }
    return gone.length;
  });
}
