'use client';

// One panel of the application page in the page's frame (a titled Panel, anchored by the
// panel's id), laid out by its declared span and, when it is lazy, rendered only once scrolled
// near. A body with nothing to show renders no frame, and its grid cell collapses.

import { useMemo } from 'react';
import { cn } from '../ui/cn';
import { Notice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { Skeleton } from '../ui/Skeleton';
import { WhenVisible } from '../ui/WhenVisible';
import type { AppPanelDef, PanelFrameProps } from './appPanelRegistry';
import type { AppView } from './useAppView';

const SPAN: Readonly<Record<AppPanelDef['span'], string>> = { full: 'xl:col-span-3', wide: 'xl:col-span-2', narrow: 'xl:col-span-1' };

export function AppPanelSection({ def, view }: { def: AppPanelDef; view: AppView }) {
  const Frame = useMemo(() => function PagePanelFrame({ description, actions, children }: PanelFrameProps) {
    return <Panel id={def.id} title={def.title} description={description ?? def.description} actions={actions} className="h-full">{children}</Panel>;
  }, [def]);
  const body = <def.Body view={view} Frame={Frame} />;
  return (
    <div className={cn('min-w-0 empty:hidden', SPAN[def.span])}>
      {def.lazy ? <WhenVisible id={def.id} placeholder={<Frame><Skeleton className="h-32 w-full" /></Frame>}>{body}</WhenVisible> : body}
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
