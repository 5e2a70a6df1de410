// One verdict over every cluster's health. The dashboard is ready while any cluster is (one
// cluster down must not take the others off the air); the clusters that are not are named as
// degraded, their problems carry their name when there is more than one, and "stale since"
// is the earliest of theirs.

import type { ClusterHealth, DashboardHealth } from '../apiTypes';

export function aggregateHealth(clusters: readonly (ClusterHealth & { id: string })[], now: number): DashboardHealth {
  const named = clusters.length > 1;
  const byId: Record<string, ClusterHealth> = {};
  const degraded: string[] = [];
  const problems: string[] = [];
  const notices: string[] = [];
  let staleSince: number | null = null;
  for (const { id, ...report } of clusters) {
    byId[id] = report;
    const prefix = named ? `${report.name}: ` : '';
    if (!report.ready) degraded.push(id);
    for (const p of report.problems) problems.push(prefix + p);
    for (const n of report.notices ?? []) notices.push(prefix + n);
    if (report.stale && report.staleSince !== null) staleSince = staleSince === null ? report.staleSince : Math.min(staleSince, report.staleSince);
  }
  return {
    at: now,
    ready: clusters.some((c) => c.ready),
    stale: problems.length > 0,
    staleSince: problems.length ? staleSince ?? now : null,
    problems,
    notices,
    degraded,
    clusters: byId,
  };
}
