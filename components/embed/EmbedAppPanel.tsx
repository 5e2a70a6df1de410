'use client';

// One panel of one application as an embeddable page: state counts, the executor timeline,
// the executors table, volumes or RBAC.

import { useCallback, useMemo, useState } from 'react';
import { appKey } from '../../lib/snapshot/appSummary';
import { AppCounts } from '../application/AppCounts';
import { ExecutorDrawer } from '../application/ExecutorDrawer';
import { ExecutorTable } from '../application/ExecutorTable';
import { ExecutorTimeline } from '../application/timeline/ExecutorTimeline';
import type { AppRef } from '../data/queries';
import { useLiveScope } from '../data/useLiveScope';
import { useNow, useServerClock } from '../live/useNow';
import { Notice } from '../ui/Notice';
import { EmbedFrame } from './EmbedFrame';

import type { AppPanel } from './appPanels';

const TITLES: Record<AppPanel, string> = { counts: 'Executors per state', timeline: 'Executor timeline', executors: 'Executors', volumes: 'Volumes', rbac: 'RBAC' };

export function EmbedAppPanel({ app, panel, extra }: { app: AppRef; panel: AppPanel; extra?: Partial<Record<AppPanel, React.ReactNode>> }) {
  const { cluster, namespace, appId } = app;
  const scope = useMemo(() => ({ kind: 'app' as const, cluster, namespace, appId }), [cluster, namespace, appId]);
  const state = useLiveScope(scope);
  const now = useNow();
  const clock = useServerClock();
  const [selected, setSelected] = useState<string | null>(null);
  const closeDrawer = useCallback(() => setSelected(null), []);
  const summary = state?.apps[appKey(cluster, namespace, appId)] ?? null;
  const rows = state?.rows ?? null;
  const selectedRow = selected && rows ? rows.find((r) => r?.uid === selected) ?? null : null;
  const title = `${TITLES[panel]} · ${summary?.appName ?? appId}`;
  return (
    <EmbedFrame panel={panel} title={title}>
      {state && !rows?.some(Boolean) && <Notice title={`No Spark application ${appId} in namespace ${namespace} yet`} />}
      {panel === 'counts' && <AppCounts summary={summary} app={scope} now={now} />}
      {panel === 'timeline' && rows && <ExecutorTimeline rows={rows} now={clock} selectedUid={selected} onSelect={setSelected} height={Math.max(160, Math.min(520, 40 + rows.length * 16))} />}
      {panel === 'executors' && rows && <ExecutorTable rows={rows} now={now} selectedUid={selected} onSelect={setSelected} />}
      {(panel === 'volumes' || panel === 'rbac') && extra?.[panel]}
      {selectedRow && <ExecutorDrawer row={selectedRow} app={scope} now={now} onClose={closeDrawer} />}
    </EmbedFrame>
  );
}
