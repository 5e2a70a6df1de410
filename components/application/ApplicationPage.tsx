'use client';

// One Spark application: header, executors per state over time, the executor timeline, the
// executors table, the driver's state log, and a drawer with one pod in detail. Live through
// the application's scope; the JSON API adds the driver log and whole objects on demand. An
// application the live view no longer holds is read from the record; `?at=` shows either as
// it stood at that moment (time travel), recomputed here from the rows the page holds.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { parseUrlTime } from '../../lib/history/historyQuery';
import { rowsAt } from '../../lib/history/timeTravel';
import { appKey, summarizeApp, type DriverSummary } from '../../lib/snapshot/appSummary';
import { appDriverQuery, appRecordQuery, appWhyQuery, type AppRef } from '../data/queries';
import { WhyPanel } from '../why/WhyPanel';
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
import { TimeTravel } from './TimeTravel';
import { formatDateTime } from '../ui/format';
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
  const serverClock = useServerClock();
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const at = parseUrlTime(searchParams.get('at')) ?? null;
  const setAt = useCallback((t: number | null) => {
    const next = new URLSearchParams(searchParams.toString());
    if (t === null) next.delete('at'); else next.set('at', new Date(t).toISOString());
    const q = next.toString();
    router.replace(q ? `${pathname}?${q}` : pathname, { scroll: false });
  }, [searchParams, router, pathname]);
  const [selected, setSelected] = useState<string | null>(null);
  const closeDrawer = useCallback(() => setSelected(null), []);

  // Live while the scope has rows; an empty scope may be an application only the record holds.
  const liveRows = state?.rows ?? null;
  const liveEmpty = !!state && !liveRows?.some(Boolean);
  const record = useQuery({ ...appRecordQuery(scope), enabled: liveEmpty });
  const recorded = liveEmpty && record.data?.source === 'history' ? record.data : null;
  const baseRows = recorded ? recorded.rows : liveRows;
  const baseSummary = recorded ? recorded.summary : state?.apps[appKey(cluster, namespace, appId)] ?? detail.data?.summary ?? null;
  // A recording ends with its last change; a live application at the server's now.
  const end = useMemo(() => (recorded ? recorded.rows.reduce((t, r) => Math.max(t, r.since), baseSummary?.lastChangeAt ?? 0) : null), [recorded, baseSummary]);
  const rows = useMemo(() => (at !== null && baseRows ? rowsAt(baseRows, at) : baseRows), [baseRows, at]);
  const summary = useMemo(() => (at !== null && rows ? summarizeApp({ cluster, namespace, appId, appName: baseSummary?.appName ?? null }, rows) : baseSummary),
    [at, rows, baseSummary, cluster, namespace, appId]);
  const clock = useMemo(() => (at !== null ? () => at : end !== null ? () => end : serverClock), [at, end, serverClock]);
  const shownNow = at ?? end ?? now;
  // Causes belong to now: not for a recorded application, nor while travelling in time.
  const why = useQuery({ ...appWhyQuery(scope), enabled: !!liveRows?.some(Boolean) && at === null });
  const whyData = at === null && !recorded ? why.data ?? null : null;
  const causeOf = useCallback((uid: string) => {
    const i = whyData?.pods[uid];
    return i === undefined ? null : whyData!.causes[i] ?? null;
  }, [whyData]);
  const selectedRow = useMemo(() => (selected && rows ? rows.find((r) => r?.uid === selected) ?? null : null), [rows, selected]);
  const gaps = useMemo(() => (recorded?.observed ?? []).slice(1).map((p, i) => [recorded!.observed[i][1], p[0]] as const).filter(([a, b]) => b - a > 5000), [recorded]);

  // The driver log and views come over HTTP: fetch them again when the live driver differs
  // from the one the last answer described (not merely because the first live summary came).
  const driverKey = driverKeyOf(summary?.driver);
  const fetchedKey = driverKeyOf(detail.data?.summary?.driver);
  const refetching = detail.isFetching;
  useEffect(() => {
    if (driverKey && fetchedKey && driverKey !== fetchedKey && !refetching) void queryClient.invalidateQueries({ queryKey: appDriverQuery(scope).queryKey });
  }, [driverKey, fetchedKey, refetching, scope, queryClient]);

  const notFound = liveEmpty && !recorded && (detail.error as { status?: number } | null)?.status === 404;
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
            {recorded && (
              <Notice title="From the dashboard's history" tone="info">
                <p>This application is no longer in the cluster; what you see was recorded while the dashboard watched it{end ? `, up to ${formatDateTime(end)}` : ''}.
                  {gaps.length > 0 && <> The dashboard was not watching {gaps.map(([a, b]) => `from ${formatDateTime(a)} to ${formatDateTime(b)}`).join(', ')}: changes then were seen only when it started again.</>}</p>
              </Notice>
            )}
            <AppHeader summary={summary} app={scope} now={shownNow} />
            {whyData && <WhyPanel why={whyData} now={now} />}
            <div className="grid gap-4 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
              <AppCounts summary={summary} app={scope} now={shownNow} span={recorded || at !== null ? { from: summary?.createdAt ?? shownNow - 30 * 60_000, to: shownNow } : undefined} />
              <Panel title="Driver state log" id="driver-log" description="Each change of the driver pod, as spark-submit's status watcher reports it">
                {detail.data ? <DriverStateLog entries={at !== null ? detail.data.driverLog.filter((e) => e.at <= at) : detail.data.driverLog} /> : detail.isError && !notFound ? (
                  <Notice tone="error" title="Could not load the driver log">{(detail.error as Error).message}</Notice>
                ) : <Skeleton className="h-32 w-full" />}
              </Panel>
            </div>
            <Panel title="Executor timeline" id="timeline" description="One row per pod, coloured by Spark's state over time. Scroll to zoom with Ctrl, drag to pan, click a row for details.">
              {rows ? (
                <div className="space-y-2">
                  <ExecutorTimeline rows={rows} now={clock} selectedUid={selected} onSelect={setSelected} height={timelineHeight(rows.length)} gaps={gaps} />
                  {(baseSummary?.createdAt ?? null) !== null && (
                    <TimeTravel from={baseSummary!.createdAt!} to={end ?? now} at={at} live={!recorded} onChange={setAt} />
                  )}
                </div>
              ) : <Skeleton className="h-[460px] w-full" />}
            </Panel>
            <Panel title="Executors" id="executors">
              {rows ? <ExecutorTable rows={rows} now={shownNow} selectedUid={selected} onSelect={setSelected} causeOf={whyData ? causeOf : undefined} /> : <Skeleton className="h-40 w-full" />}
            </Panel>
            {recorded ? (
              <Notice title="Volumes, pod template and RBAC">
                <p>These panels read the application&apos;s pods and its service account from the cluster, and its pods are gone. The record keeps what the pods did, not their specs.</p>
              </Notice>
            ) : (
              <>
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
          </>
        )}
      </main>
      {selectedRow && <ExecutorDrawer row={selectedRow} app={scope} now={shownNow} onClose={closeDrawer} />}
    </>
  );
}
