'use client';

// One Spark application: header, executors per state over time, the executor timeline, the
// executors table, the driver's state log, and a drawer with one pod in detail. Live through
// the application's scope; the JSON API adds the driver log and whole objects on demand.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { appKey, type DriverSummary } from '../../lib/snapshot/appSummary';
import { appDriverQuery, type AppRef } from '../data/queries';
import { useLiveScope } from '../data/useLiveScope';
import { HealthBanner } from '../live/HealthBanner';
import { useNow, useServerClock } from '../live/useNow';
import { TopBar } from '../shell/TopBar';
import { Notice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { Skeleton } from '../ui/Skeleton';
import { AppCounts } from './AppCounts';
import { AppHeader } from './AppHeader';
import { DriverStateLog } from './DriverStateLog';
import { ExecutorDrawer } from './ExecutorDrawer';
import { ExecutorTable } from './ExecutorTable';
import { ExecutorTimeline } from './timeline/ExecutorTimeline';
import { PodTemplatePanelBody } from '../podTemplate/PodTemplatePanel';
import { RbacPanelBody } from '../rbac/RbacPanel';
import { WhenVisible } from '../ui/WhenVisible';
import { VolumesPanelBody } from '../volumes/VolumesPanel';

/** Tall enough for a few dozen rows, no taller than a laptop screen allows; small apps stay compact. */
function timelineHeight(rows: number): number {
  return Math.max(160, Math.min(460, 40 + rows * 16));
}

const driverKeyOf = (d: DriverSummary | null | undefined) => (d ? `${d.uid}:${d.state}:${d.since}:${d.deleting}` : '');

export function ApplicationPage({ app }: { app: AppRef }) {
  const { cluster, namespace, appId } = app;
  const scope = useMemo(() => ({ kind: 'app' as const, cluster, namespace, appId }), [cluster, namespace, appId]);
  const state = useLiveScope(scope);
  const detail = useQuery(appDriverQuery(scope));
  const queryClient = useQueryClient();
  const now = useNow();
  const clock = useServerClock();
  const [selected, setSelected] = useState<string | null>(null);
  const closeDrawer = useCallback(() => setSelected(null), []);
  const summary = state?.apps[appKey(cluster, namespace, appId)] ?? detail.data?.summary ?? null;
  const rows = state?.rows ?? null;
  const selectedRow = useMemo(() => (selected && rows ? rows.find((r) => r?.uid === selected) ?? null : null), [rows, selected]);

  // The driver log and views come over HTTP: fetch them again when the live driver differs
  // from the one the last answer described (not merely because the first live summary came).
  const driverKey = driverKeyOf(summary?.driver);
  const fetchedKey = driverKeyOf(detail.data?.summary?.driver);
  const refetching = detail.isFetching;
  useEffect(() => {
    if (driverKey && fetchedKey && driverKey !== fetchedKey && !refetching) void queryClient.invalidateQueries({ queryKey: appDriverQuery(scope).queryKey });
  }, [driverKey, fetchedKey, refetching, scope, queryClient]);

  const notFound = state && !rows?.some(Boolean) && (detail.error as { status?: number } | null)?.status === 404;
  const title = summary?.appName ?? appId;

  return (
    <>
      <TopBar>
        <Link href="/" className="hover:underline">Applications</Link>
        <span aria-hidden className="mx-1.5">/</span>
        <Link href={`/?cluster=${encodeURIComponent(cluster)}`} className="hover:underline" data-testid="breadcrumb-cluster">{cluster}</Link>
        <span aria-hidden className="mx-1.5">/</span>
        <span className="font-mono text-neutral-900 dark:text-neutral-100">{namespace}</span>
        <span aria-hidden className="mx-1.5">/</span>
        <span className="font-medium text-neutral-900 dark:text-neutral-100">{title}</span>
      </TopBar>
      <main className="mx-auto max-w-[1600px] space-y-4 px-4 py-4">
        <HealthBanner />
        {notFound ? (
          <Notice tone="warning" title={`No Spark application ${appId} in namespace ${namespace} of cluster ${cluster}`}>
            <p>It may have finished and been cleaned up longer ago than the dashboard keeps history, or its pods are in a namespace the dashboard does not watch. This page updates by itself if it appears.</p>
          </Notice>
        ) : (
          <>
            <AppHeader summary={summary} app={scope} now={now} />
            <div className="grid gap-4 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
              <AppCounts summary={summary} app={scope} now={now} />
              <Panel title="Driver state log" id="driver-log" description="Each change of the driver pod, as spark-submit's status watcher reports it">
                {detail.data ? <DriverStateLog entries={detail.data.driverLog} /> : detail.isError && !notFound ? (
                  <Notice tone="error" title="Could not load the driver log">{(detail.error as Error).message}</Notice>
                ) : <Skeleton className="h-32 w-full" />}
              </Panel>
            </div>
            <Panel title="Executor timeline" id="timeline" description="One row per pod, coloured by Spark's state over time. Scroll to zoom with Ctrl, drag to pan, click a row for details.">
              {rows ? (
                <ExecutorTimeline rows={rows} now={clock} selectedUid={selected} onSelect={setSelected} height={timelineHeight(rows.length)} />
              ) : <Skeleton className="h-[460px] w-full" />}
            </Panel>
            <Panel title="Executors" id="executors">
              {rows ? <ExecutorTable rows={rows} now={now} selectedUid={selected} onSelect={setSelected} /> : <Skeleton className="h-40 w-full" />}
            </Panel>
            <Panel title="Volumes" id="volumes" description="Every volume and mount of the driver and the executors, the Spark settings that produce them, and the application's claims">
              <WhenVisible id="volumes" placeholder={<Skeleton className="h-32 w-full" />}><VolumesPanelBody app={scope} /></WhenVisible>
            </Panel>
            <Panel title="Pod template" id="pod-template" description="What runs in the pods, and which fields Spark set versus kept from the template">
              <WhenVisible id="pod-template" placeholder={<Skeleton className="h-32 w-full" />}><PodTemplatePanelBody app={scope} /></WhenVisible>
            </Panel>
            <Panel title="RBAC" id="rbac" description="Who the pods act as, what a Spark driver needs, and whether it has it">
              <WhenVisible id="rbac" placeholder={<Skeleton className="h-32 w-full" />}><RbacPanelBody app={scope} /></WhenVisible>
            </Panel>
          </>
        )}
      </main>
      {selectedRow && <ExecutorDrawer row={selectedRow} app={scope} now={now} onClose={closeDrawer} />}
    </>
  );
}
