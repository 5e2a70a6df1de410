'use client';

// The application's executor timeline panel: one row per pod with the Kubernetes events about
// it as ticks (as they stood at the time-travel moment, when there is one), and on the page
// the time-travel cursor under it. Events are what the dashboard keeps about a live
// application; a recorded one is drawn without them.

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { eventTicksByPod } from '../../lib/timeline/eventTicks';
import { appEventsQuery } from '../data/queries';
import { Skeleton } from '../ui/Skeleton';
import type { AppPanelProps } from './appPanelRegistry';
import { ExecutorTimeline } from './timeline/ExecutorTimeline';
import { TimeTravel } from './TimeTravel';

/** Tall enough for a few dozen rows, no taller than a laptop screen allows (an embed may fill more of its frame); small apps stay compact. */
function timelineHeight(rows: number, embedded: boolean): number {
  return Math.max(160, Math.min(embedded ? 520 : 460, 40 + rows * 16));
}

export function TimelinePanel({ view, Frame }: AppPanelProps) {
  const { rows, baseSummary, at, end, recorded } = view;
  const events = useQuery({ ...appEventsQuery(view.app), enabled: view.live });
  const ticks = useMemo(() => (events.data && !recorded ? eventTicksByPod(events.data.pods, at) : null), [events.data, recorded, at]);
  const from = baseSummary?.createdAt ?? null;
  return (
    <Frame>
      {rows ? (
        <div className="space-y-2">
          <ExecutorTimeline rows={rows} now={view.clock} selectedUid={view.selectedUid} onSelect={view.select} height={timelineHeight(rows.length, view.embedded)} gaps={view.gaps} events={ticks} />
          {!view.embedded && from !== null && <TimeTravel from={from} to={end ?? view.now} at={at} live={!recorded} onChange={view.setAt} />}
        </div>
      ) : <Skeleton className="h-[460px] w-full" />}
    </Frame>
  );
}
