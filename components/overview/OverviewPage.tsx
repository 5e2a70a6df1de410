'use client';

// The overview: every Spark application of every cluster with its driver and executors per
// state, each cluster's health and totals, counts over time, filters in the URL. Live through the overview scope; the JSON API fills
// in recent history (sparklines, chart) and answers while the socket connects.

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { filterApps, sortApps, type AppSortKey } from '../../lib/overview/appQuery';
import { causeLine } from '../../lib/why/causeLine';
import { appsQuery, whySummaryQuery } from '../data/queries';
import { useConnection } from '../data/useLiveScope';
import { useOverviewApps } from '../data/useOverviewApps';
import { HealthBanner } from '../live/HealthBanner';
import { useNow } from '../live/useNow';
import { TopBar } from '../shell/TopBar';
import { ViewTabs } from '../shell/ViewTabs';
import { Notice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { Skeleton } from '../ui/Skeleton';
import { AppFilters } from './AppFilters';
import { AppTable } from './AppTable';
import { ClusterCards } from './ClusterCards';
import { ClusterSummary } from './ClusterSummary';
import { useAppQuery } from './useAppQuery';
import { useRunningSeries } from './useRunningSeries';

const SPARK_WINDOW_MS = 15 * 60_000;

export function OverviewPage() {
  const apps = useOverviewApps();
  const http = useQuery(appsQuery());
  const whySummary = useQuery(whySummaryQuery());
  const why = useMemo(() => Object.fromEntries(Object.entries(whySummary.data?.apps ?? {}).map(([k, g]) => [k, causeLine(g)])), [whySummary.data]);
  const connection = useConnection();
  const now = useNow();
  const series = useRunningSeries(apps, SPARK_WINDOW_MS);
  const [query, setQuery] = useAppQuery();
  const namespaces = useMemo(() => [...new Set((apps ?? []).filter((a) => !query.clusters.length || query.clusters.includes(a.cluster)).map((a) => a.namespace))].sort(), [apps, query.clusters]);
  const clusters = useMemo(() => [...new Set([...(apps ?? []).map((a) => a.cluster), ...(http.data?.clusters ?? []).map((c) => c.id)])].sort(), [apps, http.data]);
  const selectCluster = (cluster: string | null) => setQuery({ ...query, clusters: cluster ? [cluster] : [], namespaces: [] });
  const operators = useMemo(() => !!apps?.some((a) => a.operator), [apps]);
  const shown = useMemo(() => (apps ? sortApps(filterApps(apps, query), query.sort, query.dir) : []), [apps, query]);
  const onSort = (key: AppSortKey) => setQuery({ ...query, sort: key, dir: query.sort === key && query.dir === 'asc' ? 'desc' : 'asc' });
  const unreachable = !apps && (http.isError || connection.status === 'reconnecting');

  return (
    <>
      <TopBar><ViewTabs current="live" /></TopBar>
      <main className="mx-auto max-w-[1600px] space-y-4 px-4 py-4">
        <h1 className="sr-only">Spark applications</h1>
        <HealthBanner />
        {unreachable && (
          <Notice tone="error" title="The dashboard server is unreachable">
            <p>{http.error instanceof Error ? http.error.message : 'No answer from the server.'} The page keeps trying and fills in as soon as it answers.</p>
          </Notice>
        )}
        <ClusterCards apps={apps} selected={query.clusters} onSelect={selectCluster} />
        <ClusterSummary apps={apps} cluster={query.clusters.length === 1 ? query.clusters[0] : null} several={clusters.length > 1} now={now} />
        <Panel title="Spark applications" id="applications"
          description={apps ? `${shown.length} of ${apps.length} shown` : undefined}>
          <div className="mb-3"><AppFilters query={query} namespaces={namespaces} clusters={clusters} operators={operators} onChange={setQuery} /></div>
          {!apps && !unreachable && <div className="space-y-2" aria-busy="true" aria-label="Loading applications">{[0, 1, 2, 3].map((i) => <Skeleton key={i} className="h-10 w-full" />)}</div>}
          {apps && apps.length === 0 && http.data?.nothingReadable && (
            <Notice title="No application you may see">
              <p>The dashboard shows each person the namespaces Kubernetes lets them read, and there are applications only where you may not: {http.data.nothingReadable}. Ask for a RoleBinding that lets you list pods in your team&apos;s namespaces.</p>
            </Notice>
          )}
          {apps && apps.length === 0 && !http.data?.nothingReadable && (
            <Notice title="No Spark applications found">
              <p>No pods with the <code>spark-role</code> label are visible to the dashboard in the namespaces it watches. Spark labels its driver and executor pods with it; check the namespaces setting and that the dashboard may list pods there.</p>
            </Notice>
          )}
          {apps && apps.length > 0 && shown.length === 0 && (
            <Notice title="No application matches these filters"><p>Clear a filter to see more.</p></Notice>
          )}
          {shown.length > 0 && (
            <AppTable apps={shown} sort={query.sort} dir={query.dir} onSort={onSort} now={now} running={http.data?.running} series={series} sparkWindowMs={SPARK_WINDOW_MS} showCluster={clusters.length > 1} why={why} />
          )}
        </Panel>
      </main>
    </>
  );
}
