// /readyz answers probes without credentials. With identities on (--auth proxy or oidc) it must
// not tell an anonymous caller which namespaces are watched or which applications run: it says
// whether the dashboard is ready, counts, and the problems with watched namespace names masked.

import { namespaceMask } from '../../lib/access/namespaceMask';
import type { DashboardHealth } from '../../lib/apiTypes';

export interface PublicReadiness {
  ready: boolean;
  clusters: { total: number; ready: number; degraded: number };
  problems: string[];
  history: DashboardHealth['history'];
}

/** `namespaces`: every namespace named in settings (a '*' watch names none in its problems). */
export function publicReadiness(report: DashboardHealth, namespaces: readonly string[]): PublicReadiness {
  const mask = namespaceMask(namespaces);
  const clusters = Object.values(report.clusters ?? {});
  return {
    ready: report.ready,
    clusters: { total: clusters.length, ready: clusters.filter((c) => c.ready).length, degraded: report.degraded?.length ?? 0 },
    problems: report.problems.map(mask),
    history: report.history,
  };
}
