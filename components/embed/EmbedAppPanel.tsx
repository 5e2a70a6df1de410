'use client';

// One panel of one application as an embeddable page: any panel the registry declares
// embeddable, drawn from the same view of the application as its page (live or recorded,
// `?at=` included) in a frame without navigation. Pods it lists open the drawer; links to the
// page's other panels open the dashboard in a new tab.

import { useCallback, useMemo } from 'react';
import { embeddablePanel, panelsRead, type AppPanelDef, type PanelFrameProps } from '../application/appPanelRegistry';
import { RecordedPanelsNotice } from '../application/AppPanelSection';
import { ExecutorDrawer } from '../application/ExecutorDrawer';
import { useAppView } from '../application/useAppView';
import { usePanelRefresh } from '../application/usePanelRefresh';
import { apiUrl } from '../data/basePath';
import { appWhyQuery, type AppRef } from '../data/queries';
import { Notice } from '../ui/Notice';
import { EmbedFrame } from './EmbedFrame';

/** An embed has no panel header of its own: what a body says of itself goes above it. */
function EmbedPanelFrame({ description, actions, children }: PanelFrameProps) {
  return (
    <>
      {(description || actions) && (
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-xs text-neutral-600 dark:text-neutral-400">
          <div className="min-w-0">{description}</div>
          {actions && <div className="flex items-center gap-2">{actions}</div>}
        </div>
      )}
      {children}
    </>
  );
}

/** `panel` is a name the route checked with embeddablePanel. */
export function EmbedAppPanel({ app, panel }: { app: AppRef; panel: string }) {
  const def = embeddablePanel(panel)!;
  const panels = useMemo(() => [def], [def]);
  const view = useAppView(app, { embedded: true, wantsWhy: panelsRead(panels, appWhyQuery) });
  usePanelRefresh(view, panels);
  const { rows, selectedUid, select } = view;
  const closeDrawer = useCallback(() => select(null), [select]);
  const page = apiUrl(`/apps/${encodeURIComponent(app.cluster)}/${encodeURIComponent(app.namespace)}/${encodeURIComponent(app.appId)}`);
  const panelLink = useCallback((to: AppPanelDef) => ({ href: `${page}#${to.id}`, newTab: true }), [page]);
  const selectedRow = selectedUid && rows ? rows.find((r) => r?.uid === selectedUid) ?? null : null;
  return (
    <EmbedFrame panel={def.id} title={`${def.title} · ${view.summary?.appName ?? app.appId}`}>
      {view.notFound && <Notice title={`No Spark application ${app.appId} in namespace ${app.namespace} yet`} />}
      {def.source === 'cluster' && view.recorded ? <RecordedPanelsNotice panels={[def]} /> : <def.Body view={view} Frame={EmbedPanelFrame} inView />}
      {selectedRow && <ExecutorDrawer row={selectedRow} app={view.app} now={view.shownNow} onClose={closeDrawer} panelLink={panelLink} />}
    </EmbedFrame>
  );
}
