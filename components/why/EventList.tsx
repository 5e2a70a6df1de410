'use client';

// Kubernetes events as the dashboard shows them, one by one: Warning (red, as its ticks on the
// timeline) or Normal, told by a word and a mark too, not by colour alone; the reason, how
// often, when first and last, who reported it, about which object, and the message. Messages
// are written by whoever can create events in a namespace: React text only, never markup.

import type { ReactNode } from 'react';
import type { PodEvent } from '../../lib/why/podEvent';
import { cn } from '../ui/cn';
import { formatAge, formatDateTime } from '../ui/format';

/** "3m 05s ago", or "last 3m 05s ago, first 1h 02m ago" for an event that repeated. */
function EventTime({ event: e, now }: { event: PodEvent; now: number }) {
  const repeated = e.count > 1 && e.first < e.last;
  const title = repeated ? `First ${formatDateTime(e.first)}, last ${formatDateTime(e.last)}` : formatDateTime(e.last);
  return (
    <time dateTime={new Date(e.last).toISOString()} title={title} className="tabular-nums">
      {repeated ? `last ${formatAge(e.last, now)} ago, first ${formatAge(e.first, now)} ago` : `${formatAge(e.last, now)} ago`}
    </time>
  );
}

/** One event; `pod` names the pod it is about where a list mixes pods. */
export function EventItem({ event: e, now, pod, className }: { event: PodEvent; now: number; pod?: ReactNode; className?: string }) {
  const warning = e.type === 'Warning';
  return (
    <div data-event-type={e.type} data-event-reason={e.reason}
      className={cn('rounded border border-l-[3px] border-neutral-200 px-2 py-1 text-xs dark:border-neutral-800',
        warning ? 'border-l-red-700 bg-red-50/60 dark:border-l-red-400 dark:bg-red-950/20' : 'border-l-neutral-300 dark:border-l-neutral-600', className)}>
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
        <span className={cn('font-semibold', warning && 'text-red-700 dark:text-red-400')}>
          <span aria-hidden>{warning ? '⚠ ' : ''}</span>{e.reason || '(no reason)'}
        </span>
        <span className={cn('text-[10px] uppercase tracking-wide', warning ? 'text-red-700 dark:text-red-400' : 'text-neutral-500 dark:text-neutral-400')}>{e.type}</span>
        {e.count > 1 && <span className="tabular-nums text-neutral-600 dark:text-neutral-400" title={`Seen ${e.count} times`}>×{e.count.toLocaleString('en-US')}</span>}
        {pod}
        <span className="text-neutral-600 dark:text-neutral-400">
          <EventTime event={e} now={now} />
          {e.source ? ` · ${e.source}` : ''}
          {e.kind !== 'Pod' ? ` · ${e.kind} ${e.object}` : ''}
        </span>
      </div>
      {e.message && <p className="mt-0.5 whitespace-pre-wrap break-words text-neutral-800 dark:text-neutral-200">{e.message}</p>}
    </div>
  );
}

/** One pod's events, newest first (the drawer, the driver's events under Why). */
export function EventList({ events, now, problem }: { events: readonly PodEvent[]; now: number; problem?: string | null }) {
  if (!events.length) return <p className="text-xs text-neutral-600 dark:text-neutral-400">{problem ?? 'No events kept about this pod.'}</p>;
  return (
    <ul className="space-y-1.5" data-testid="event-list">
      {[...events].reverse().map((e) => <li key={`${e.id}-${e.last}`}><EventItem event={e} now={now} /></li>)}
    </ul>
  );
}
