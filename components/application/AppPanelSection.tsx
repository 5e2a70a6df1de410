'use client';

// One panel of the application page in the page's frame (a titled Panel, anchored by the
// panel's id), laid out by its declared span. A lazy one reads nothing until it first comes
// near the viewport (or the URL links to it), but its body and frame are drawn from the start,
// in its loading state: the section a link lands on is the one that fills in, never a stand-in
// swapped for another. A body with nothing to show renders no frame, and its grid cell collapses.

import { useMemo, useRef } from 'react';
import { cn } from '../ui/cn';
import { Notice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { useNearViewport } from '../ui/useNearViewport';
import type { AppPanelDef, PanelFrameProps } from './appPanelRegistry';
import type { AppView } from './useAppView';

const SPAN: Readonly<Record<AppPanelDef['span'], string>> = { full: 'xl:col-span-3', wide: 'xl:col-span-2', narrow: 'xl:col-span-1' };

export function AppPanelSection({ def, view }: { def: AppPanelDef; view: AppView }) {
  const Frame = useMemo(() => function PagePanelFrame({ description, actions, children }: PanelFrameProps) {
    return <Panel id={def.id} title={def.title} description={description ?? def.description} actions={actions} className="h-full">{children}</Panel>;
  }, [def]);
  const cell = useRef<HTMLDivElement>(null);
  const inView = useNearViewport(cell, def.id, def.lazy);
  return (
    <div ref={cell} className={cn('min-w-0 empty:hidden', SPAN[def.span])}>
      <def.Body view={view} Frame={Frame} inView={inView} />
    </div>
  );
}

/** What stands in for the panels read from the cluster once an application's pods are gone. */
export function RecordedPanelsNotice({ panels, className }: { panels: readonly AppPanelDef[]; className?: string }) {
  const titles = panels.map((p) => p.title);
  const named = titles.length > 1 ? `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]}` : titles[0];
  return (
    <Notice title={named} className={className}>
      <p>These panels read the application&apos;s pods and its service account from the cluster, and its pods are gone. The record keeps what the pods did, not their specs; each executor&apos;s details still list the events about it.</p>
    </Notice>
  );
}
