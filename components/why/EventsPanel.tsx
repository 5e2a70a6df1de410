'use client';

// Every Kubernetes event kept about an application's pods and their claims, newest first, each
// with the pod it is about (a click opens the pod), Warnings only at a click. An application
// may have thousands: the list is virtualised (only the rows in view are in the DOM) and rows
// are measured as they render, since messages wrap. Travelling in time shows the events as
// they stood then. The drawer's part is one pod's events, from the pod's own answer.

import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { appEventList, type AppEventEntry } from '../../lib/why/appEventList';
import type { AppPanelProps, DrawerPartProps } from '../application/appPanelRegistry';
import { appEventsQuery } from '../data/queries';
import { cn } from '../ui/cn';
import { formatDateTime } from '../ui/format';
import { Notice } from '../ui/Notice';
import { Skeleton } from '../ui/Skeleton';
import { EventItem, EventList } from './EventList';

const VIEW_H = 480;
const ESTIMATED_ROW_H = 52;

function podLabel({ role, executorId }: AppEventEntry['pod']): string {
  if (role === 'driver') return 'Driver';
  if (role !== 'executor') return 'Pod';
  return executorId !== null ? `Executor ${executorId}` : 'Executor (not registered)';
}

function WarningsOnly({ checked, onChange, warnings }: { checked: boolean; onChange: (v: boolean) => void; warnings: number }) {
  return (
    <label className="flex cursor-pointer select-none items-center gap-1.5 text-xs text-neutral-700 dark:text-neutral-300">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} className="accent-[var(--accent)]" data-testid="events-warnings-only" />
      Warnings only ({warnings.toLocaleString('en-US')})
    </label>
  );
}

function EventRows({ entries, now, selectedUid, onSelect }: { entries: readonly AppEventEntry[]; now: number; selectedUid: string | null; onSelect: (uid: string) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => box.current,
    estimateSize: () => ESTIMATED_ROW_H,
    overscan: 6,
    // A claim's event is listed with every pod that mounts it: the pod is part of the key.
    getItemKey: (i) => `${entries[i].pod.uid}/${entries[i].event.id}`,
    initialRect: { width: 0, height: VIEW_H },
  });
  return (
    <div ref={box} className="overflow-y-auto pr-1" style={{ height: Math.min(VIEW_H, virtualizer.getTotalSize()) }} data-testid="events-scroll">
      <ul className="relative" style={{ height: virtualizer.getTotalSize() }} aria-label="Events, newest first">
        {virtualizer.getVirtualItems().map((item) => {
          const { pod, event } = entries[item.index];
          return (
            <li key={item.key} ref={virtualizer.measureElement} data-index={item.index} aria-setsize={entries.length} aria-posinset={item.index + 1}
              className="absolute inset-x-0 top-0 pb-1.5" style={{ transform: `translateY(${item.start}px)` }} data-testid="event-item" data-pod={pod.name}>
              <EventItem event={event} now={now} className={cn(pod.uid === selectedUid && 'ring-1 ring-[var(--accent)]')} pod={(
                <button type="button" onClick={() => onSelect(pod.uid)} title={pod.name} className="max-w-[22rem] truncate text-left text-[var(--accent)] hover:underline">
                  {podLabel(pod)} <span className="font-mono text-[11px] text-neutral-600 dark:text-neutral-400">{pod.name}</span>
                </button>
              )} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function EventsPanel({ view, Frame, inView }: AppPanelProps) {
  const query = useQuery({ ...appEventsQuery(view.app), enabled: view.live && inView });
  const [warningOnly, setWarningOnly] = useState(false);
  const data = query.data;
  const list = useMemo(() => (data ? appEventList(data.pods, { at: view.at, warningOnly }) : null), [data, view.at, warningOnly]);
  if (view.recorded) {
    return <Frame><p className="text-sm text-neutral-600 dark:text-neutral-400">Events are kept with an application&apos;s pods while the dashboard holds them live; this one is only in the record. Each executor&apos;s details still list the events about it.</p></Frame>;
  }
  if (!data || !list) {
    return <Frame>{query.isError ? <Notice tone="error" title="Could not load the events">{(query.error as Error).message}</Notice> : <Skeleton className="h-32 w-full" />}</Frame>;
  }
  const pods = new Set(list.entries.map((x) => x.pod.uid)).size;
  const description = list.total === 0 ? undefined
    : `${list.total.toLocaleString('en-US')} event${list.total === 1 ? '' : 's'} (${list.warnings.toLocaleString('en-US')} warning${list.warnings === 1 ? '' : 's'}) on ${pods.toLocaleString('en-US')} pod${pods === 1 ? '' : 's'}`;
  return (
    <Frame description={description} actions={list.total > 0 ? <WarningsOnly checked={warningOnly} onChange={setWarningOnly} warnings={list.warnings} /> : undefined}>
      <div className="space-y-2" data-testid="events-panel" data-events={list.entries.length}>
        {!data.eventsReadable && <Notice tone="warning" title="Events are not available">{data.eventsProblem}</Notice>}
        {data.truncated && <Notice title="Only the newest events">The application has more events than one answer carries: the pods with the most recent events are listed first.</Notice>}
        {view.at !== null && <p className="text-xs text-neutral-600 dark:text-neutral-400">As of {formatDateTime(view.at)}: the events that had happened by then (a repeated one as first seen).</p>}
        {list.entries.length === 0
          ? <p className="text-sm text-neutral-600 dark:text-neutral-400">{warningOnly && list.total > 0 ? 'No warnings among the events.' : "No events kept about this application's pods."}</p>
          : <EventRows entries={list.entries} now={view.shownNow} selectedUid={view.selectedUid} onSelect={view.select} />}
      </div>
    </Frame>
  );
}

/** The drawer's part: the events about one pod and its claims. */
export function PodEventsSection({ pod, now, Section }: DrawerPartProps) {
  if (!pod?.why) return null;
  return (
    <Section title="Events">
      <EventList events={pod.why.events} now={now} problem={pod.why.eventsProblem} />
    </Section>
  );
}
