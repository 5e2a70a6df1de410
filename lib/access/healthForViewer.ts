// The dashboard's health as one person may see it. Health names the namespaces its sources
// cover ("Pod watch for namespace spark-etl is failing…"), so a person who may read only some
// namespaces gets the sources of those (and of whole-cluster watches), with every other
// watched namespace's name masked in problems and notices. Readiness and degraded clusters
// stay as they are: that a cluster is in trouble is not a secret, what it watches is.

import type { ClusterHealth, DashboardHealth } from '../apiTypes';
import type { HealthReport, SourceHealth } from '../health/sourceHealth';
import { mayRead, type ReadableNamespaces } from './readableNamespaces';
import { namespaceMask } from './namespaceMask';

const visibleIn = (readable: ReadableNamespaces, cluster: string) => (s: SourceHealth) => s.namespace === '*' || mayRead(readable, cluster, s.namespace);

function hiddenNamespaces(readable: ReadableNamespaces, cluster: string, report: HealthReport): string[] {
  const visible = visibleIn(readable, cluster);
  return [...report.sources, ...(report.optional ?? [])].filter((s) => !visible(s)).map((s) => s.namespace);
}

function narrow<R extends HealthReport>(readable: ReadableNamespaces, cluster: string, report: R, mask: (text: string) => string): R {
  const visible = visibleIn(readable, cluster);
  return {
    ...report,
    sources: report.sources.filter(visible),
    ...(report.optional ? { optional: report.optional.filter(visible) } : {}),
    problems: report.problems.map(mask),
    ...(report.notices ? { notices: report.notices.map(mask) } : {}),
  };
}

/** One cluster's report, as on an application's page. */
export function clusterHealthForViewer(cluster: string, report: ClusterHealth, readable: ReadableNamespaces): ClusterHealth {
  if (readable.all) return report;
  return narrow(readable, cluster, report, namespaceMask(hiddenNamespaces(readable, cluster, report)));
}

export function healthForViewer(report: DashboardHealth, readable: ReadableNamespaces): DashboardHealth {
  if (readable.all) return report;
  const mask = namespaceMask(Object.entries(report.clusters).flatMap(([id, c]) => hiddenNamespaces(readable, id, c)));
  const clusters: Record<string, ClusterHealth> = {};
  for (const [id, c] of Object.entries(report.clusters)) clusters[id] = narrow(readable, id, c, mask);
  return { ...report, clusters, problems: report.problems.map(mask), notices: report.notices.map(mask) };
}
