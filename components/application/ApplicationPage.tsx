'use client';

// One Spark application: its header, then every panel of the registry in order (why, executors
// per state, the driver's state log, the executor timeline, the executors, their events,
// volumes, pod template, RBAC), and a drawer with one pod in detail. Live through the
// application's scope; an application the live view no longer holds is read from the record,
// where the panels read from the cluster give way to a notice; `?at=` shows either as it stood
// at that moment (time travel). What each panel reads is kept fresh from its declaration.

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useCallback, useMemo } from 'react';
import { operatorNameOf } from '../../lib/operator/operatorApp';
import { operatorRef } from '../../lib/operator/operatorJoin';
import { appDriverQuery, appOperatorQuery, appWhyQuery, type AppRef } from '../data/queries';
import { useInvalidation } from '../data/useInvalidation';
import { HealthBanner } from '../live/HealthBanner';
import { PodlessNotice } from '../operator/PodlessNotice';
import { usePodlessRedirect } from '../operator/usePodlessRedirect';
import { TopBar } from '../shell/TopBar';
import { formatDateTime } from '../ui/format';
import { Notice } from '../ui/Notice';
import { useKeepHashTargetInView } from '../ui/useKeepHashTargetInView';
import { AppHeader } from './AppHeader';
import { APP_PANELS, panelsRead, type AppPanelDef } from './appPanelRegistry';
import { AppPanelSection, RecordedPanelsNotice } from './AppPanelSection';
import { ExecutorDrawer } from './ExecutorDrawer';
import { useAppView } from './useAppView';
import { usePanelRefresh } from './usePanelRefresh';

const CLUSTER_PANELS = APP_PANELS.filter((p) => p.source === 'cluster');
const PODLESS_PANELS = APP_PANELS.filter((p) => p.podless);

export function ApplicationPage({ app }: { app: AppRef }) {
  const { cluster, namespace, appId } = app;
  const view = useAppView(app, { embedded: false, wantsWhy: panelsRead(APP_PANELS, appWhyQuery) });
  const { recorded, end, summary, notFound, rows, selectedUid, select } = view;
  // An operator application without pods has only its operator's record; a recorded
  // application only what the record keeps: its rows.
  const podless = operatorNameOf(appId) !== null;
  const panels = useMemo(() => (podless ? PODLESS_PANELS : recorded ? APP_PANELS.filter((p) => p.source === 'rows') : APP_PANELS), [podless, recorded]);
  usePanelRefresh(view, panels);
  // A link to a panel (`#rbac`) lands on it and keeps it in view while the panels above load.
  useKeepHashTargetInView();
  // Its summary (the operator's state in the header) comes over HTTP: fresh with the operator's record.
  const podlessTargets = useMemo(() => (podless ? [{ topic: 'operator' as const, queryKey: appDriverQuery(app).queryKey }] : []), [podless, app]);
  useInvalidation(view.scopeKey, podlessTargets);
  // Once it has pods the live view no longer answers for the pod-less id: the record may still.
  const movingTo = usePodlessRedirect(app, notFound || (podless && !!recorded));
  // The live scope's summaries carry no operator: the operator panel's answer (the same query) does.
  const operatorRecord = useQuery({ ...appOperatorQuery(app), enabled: false }).data?.app;
  const operator = useMemo(() => (operatorRecord ? operatorRef(operatorRecord) : summary?.operator ?? null), [operatorRecord, summary?.operator]);
  const closeDrawer = useCallback(() => select(null), [select]);
  const panelLink = useCallback((def: AppPanelDef) => (panels.includes(def) ? { href: `#${def.id}`, newTab: false } : null), [panels]);
  const selectedRow = useMemo(() => (selectedUid && rows ? rows.find((r) => r?.uid === selectedUid) ?? null : null), [rows, selectedUid]);
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
        {movingTo ? (
          <Notice title={`${operatorNameOf(appId)} has pods now`}>
            <p>Opening its Spark application <span className="font-mono">{movingTo}</span>…</p>
          </Notice>
        ) : notFound ? (
          <Notice tone="warning" title={`No Spark application ${appId} in namespace ${namespace} of cluster ${cluster}`}>
            <p>It may have finished and been cleaned up longer ago than the dashboard keeps history, or its pods are in a namespace the dashboard does not watch. This page updates by itself if it appears.</p>
          </Notice>
        ) : (
          <>
            {recorded && (
              <Notice title="From the dashboard's history" tone="info">
                <p>This application is no longer in the cluster; what you see was recorded while the dashboard watched it{end ? `, up to ${formatDateTime(end)}` : ''}.
                  {view.gaps.length > 0 && <> The dashboard was not watching {view.gaps.map(([a, b]) => `from ${formatDateTime(a)} to ${formatDateTime(b)}`).join(', ')}: changes then were seen only when it started again.</>}</p>
              </Notice>
            )}
            <AppHeader summary={summary} operator={operator} app={view.app} now={view.shownNow} links={view.at === null ? view.driver.data?.links : undefined} />
            {podless && operator && <PodlessNotice operator={operator} />}
            <div className="grid gap-4 xl:grid-cols-3">
              {panels.map((def) => <AppPanelSection key={def.id} def={def} view={view} />)}
              {recorded && <RecordedPanelsNotice panels={CLUSTER_PANELS} className="xl:col-span-3" />}
            </div>
          </>
        )}
      </main>
      {selectedRow && <ExecutorDrawer row={selectedRow} app={view.app} now={view.shownNow} onClose={closeDrawer} panelLink={panelLink} />}
    </>
  );
}
