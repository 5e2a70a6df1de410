'use client';

// Who the application is: name and id, namespace, driver pod state and node, service account,
// image and age. The driver's spec comes from its full object, fetched once.

import { useQuery } from '@tanstack/react-query';
import type { AppLinks } from '../../lib/apiTypes';
import type { KubeContainer, KubePod } from '../../lib/kube/types';
import { operatorNameOf, type OperatorRef } from '../../lib/operator/operatorApp';
import type { AppSummary } from '../../lib/snapshot/appSummary';
import { DEFAULT_DRIVER_CONTAINER_NAME } from '../../lib/spark/podState';
import { identifySparkContainer, regularContainers } from '../../lib/volumes/containerRoles';
import { podQuery, type AppRef } from '../data/queries';
import { OperatorPhaseBadge } from '../operator/OperatorPhaseBadge';
import { operatorChipTitle } from '../operator/operatorText';
import { StateBadge } from '../state/StateBadge';
import { formatAge, formatDateTime } from '../ui/format';

/** The driver's Spark container, named the way the volume and template views name it; else the last (Spark appends its own). */
function sparkContainerOf(pod: KubePod | null | undefined): KubeContainer | undefined {
  if (!pod) return undefined;
  const containers = regularContainers(pod);
  const match = identifySparkContainer(pod, DEFAULT_DRIVER_CONTAINER_NAME);
  return match ? containers.find((c) => c.name === match.name) : containers[containers.length - 1];
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs uppercase tracking-wide text-neutral-600 dark:text-neutral-400">{label}</dt>
      <dd className="truncate text-sm">{children}</dd>
    </div>
  );
}

/** A link out of the dashboard, in a new tab that cannot reach back into this one. */
function OutLink({ href, children, testId }: { href: string; children: React.ReactNode; testId: string }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" data-testid={testId}
      className="inline-flex items-center gap-1 rounded border border-neutral-300 px-2 py-0.5 text-xs font-medium text-blue-700 hover:bg-neutral-100 dark:border-neutral-700 dark:text-blue-300 dark:hover:bg-neutral-800">
      {children}<span aria-hidden>↗</span>
    </a>
  );
}

export function AppHeader({ summary, operator, app, now, links }: {
  summary: AppSummary | null;
  /** The Spark operator's resource behind it, when one runs it. */
  operator?: OperatorRef | null;
  app: AppRef;
  now: number;
  links?: AppLinks | null;
}) {
  const { cluster, namespace, appId } = app;
  const driverName = summary?.driver?.name;
  const driver = useQuery({ ...podQuery(cluster, namespace, driverName ?? ''), enabled: !!driverName, staleTime: 60_000 });
  const pod = driver.data?.pod;
  const sparkContainer = sparkContainerOf(pod);
  // An operator application without pods: nothing of a driver to tell yet.
  const podless = operatorNameOf(appId) !== null;
  return (
    <div className="rounded-lg border border-neutral-200 bg-white p-4 dark:border-neutral-800 dark:bg-neutral-900">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 className="text-xl font-semibold tracking-tight">{summary?.appName ?? (appId || '(no spark-app-selector label)')}</h1>
        <span className="font-mono text-sm text-neutral-600 dark:text-neutral-400">{appId}</span>
        {summary?.driver && <StateBadge state={summary.driver.state} title={summary.driver.deleting ? 'The driver pod is being deleted' : undefined} />}
        {summary?.driver?.deleting && <span className="text-xs font-medium text-[var(--state-failed)]">driver being deleted</span>}
        {operator && (
          <span className="inline-flex items-center gap-1.5" title={operatorChipTitle(operator)} data-testid="header-operator">
            <span className="text-xs text-neutral-600 dark:text-neutral-400">SparkApplication</span>
            <OperatorPhaseBadge phase={operator.phase} raw={operator.rawState} />
          </span>
        )}
        {(links?.sparkUi || links?.historyServer || links?.sparkUiProxy) && (
          <span className="ml-auto flex gap-2">
            {links.sparkUi && <OutLink href={links.sparkUi} testId="link-spark-ui">Spark UI</OutLink>}
            {links.sparkUiProxy && <OutLink href={links.sparkUiProxy} testId="link-spark-ui-proxy">Spark UI (via dashboard)</OutLink>}
            {links.historyServer && <OutLink href={links.historyServer} testId="link-history-server">History Server</OutLink>}
          </span>
        )}
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-3 lg:grid-cols-6">
        <Fact label="Cluster"><span className="font-mono" data-testid="app-cluster">{cluster}</span></Fact>
        <Fact label="Namespace"><span className="font-mono">{namespace}</span></Fact>
        <Fact label="Driver pod"><span className="font-mono" title={driverName}>{driverName ?? (podless ? 'none yet' : 'none seen')}</span></Fact>
        {!podless && <>
          <Fact label="Driver node"><span className="font-mono">{summary?.driver?.node ?? '–'}</span></Fact>
          <Fact label="Service account"><span className="font-mono">{pod?.spec?.serviceAccountName ?? (driver.isLoading ? '…' : '–')}</span></Fact>
          <Fact label="Image"><span className="font-mono" title={sparkContainer?.image}>{sparkContainer?.image ?? (driver.isLoading ? '…' : '–')}</span></Fact>
        </>}
        <Fact label="Age"><span title={formatDateTime(summary?.createdAt)}>{formatAge(summary?.createdAt, now)}</span></Fact>
      </dl>
    </div>
  );
}
