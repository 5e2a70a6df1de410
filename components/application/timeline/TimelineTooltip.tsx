'use client';

// What the timeline says about the bar under the cursor: the events whose ticks are under it
// (reason, how often, when, the message as text), then which pod, which state, since when and
// for how long, where it ran and why it ended.

import type { ExecutorRow } from '../../../lib/snapshot/executorRow';
import type { EventTick } from '../../../lib/timeline/eventTicks';
import type { Segment } from '../../../lib/timeline/segments';
import { isExitMarker, segmentEnd } from '../../../lib/timeline/segments';
import { STATE_STYLES } from '../../state/stateStyles';
import { formatDuration, formatInstant, rowTitle } from './timelineFormat';

export interface TimelineTooltipProps {
  row: ExecutorRow;
  /** The state under the cursor; over the gutter, the current one. */
  segment: Segment | null;
  /** Events whose ticks are under the cursor, nearest first. */
  events?: readonly EventTick[];
  now: number;
}

/** At most this many events in one tooltip (ticks of one instant can pile up). */
const MAX_EVENTS = 3;
/** A message longer than this is cut here: the Events panel and the drawer have it whole. */
const MAX_MESSAGE = 280;

function TickedEvent({ tick, now }: { tick: EventTick; now: number }) {
  const e = tick.event;
  const message = e.message.length > MAX_MESSAGE ? `${e.message.slice(0, MAX_MESSAGE)}…` : e.message;
  return (
    <div data-testid="tooltip-event" data-event-type={e.type} data-event-reason={e.reason}>
      <div className="flex flex-wrap items-baseline gap-x-1.5">
        <span className={tick.warning ? 'font-semibold text-red-700 dark:text-red-400' : 'font-semibold'}>{tick.warning ? '⚠ ' : ''}{e.reason || '(no reason)'}</span>
        <span className="text-neutral-500 dark:text-neutral-400">{e.type}{e.count > 1 ? ` ×${e.count}` : ''}</span>
      </div>
      <div className="text-neutral-500 dark:text-neutral-400">
        {e.count > 1 && e.first < e.last ? `${formatInstant(e.first, now)} – ${formatInstant(e.last, now)}` : formatInstant(e.last, now)}
        {e.source ? ` · ${e.source}` : ''}
      </div>
      {message && <div className="whitespace-pre-wrap break-words">{message}</div>}
    </div>
  );
}

export function TimelineTooltip({ row, segment, events = [], now }: TimelineTooltipProps) {
  const style = segment ? STATE_STYLES[segment.state] : null;
  const isExit = segment !== null && isExitMarker(segment);
  return (
    <div className="space-y-0.5">
      {events.length > 0 && (
        <div className="mb-1.5 space-y-1.5 border-b border-neutral-200 pb-1.5 dark:border-neutral-700">
          {events.slice(0, MAX_EVENTS).map((tick) => <TickedEvent key={`${tick.event.id}-${tick.t}`} tick={tick} now={now} />)}
          {events.length > MAX_EVENTS && <div className="text-neutral-500 dark:text-neutral-400">and {events.length - MAX_EVENTS} more here (see Events)</div>}
        </div>
      )}
      <div className="font-semibold">{rowTitle(row)}</div>
      <div className="break-all font-mono text-neutral-500 dark:text-neutral-400">{row.name}</div>
      {segment && style && (
        <div className="flex items-center gap-1.5 pt-1">
          <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: `var(${style.cssVar})` }} />
          <span aria-hidden>{style.glyph}</span>
          <span className="font-medium">{isExit ? 'Left the API' : style.label}</span>
        </div>
      )}
      {segment && (
        <div>
          {isExit ? 'at ' : 'since '}
          {formatInstant(segment.start, now)}
          {!isExit && <>, for {formatDuration(segmentEnd(segment, now) - segment.start)}{segment.open ? ' so far' : ''}</>}
        </div>
      )}
      {row.node && <div>Node <span className="font-mono">{row.node}</span></div>}
      {(row.reason || row.exitCode !== null) && (
        <div>
          {row.reason}
          {row.reason && row.exitCode !== null ? ', ' : ''}
          {row.exitCode !== null && `exit code ${row.exitCode}`}
        </div>
      )}
      {row.restarts > 0 && <div>{row.restarts} container restart{row.restarts === 1 ? '' : 's'}</div>}
      {row.deleting && !row.gone && <div className="font-medium">Deletion requested while running</div>}
      {row.inactive && <div className="text-neutral-500 dark:text-neutral-400">Inactive: Spark no longer counts this pod</div>}
    </div>
  );
}
