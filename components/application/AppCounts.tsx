'use client';

// Executors per state now and over time, for one application: a recent window while it is
// live, or an explicit span (a recorded application's life, or up to a time-travel moment).

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { EXECUTOR_POD_STATES } from '../../lib/spark/podState';
import { StateAreaChart } from '../charts/StateAreaChart';
import { useCountsSeries } from '../charts/useCountsSeries';
import { CHART_WINDOWS, RECORD_WINDOWS, WindowPicker } from '../charts/WindowPicker';
import { useServerHealth } from '../data/useLiveScope';
import { appCountsQuery, appCountsSpanQuery } from '../data/queries';
import { useThrottledValue } from '../data/useThrottledValue';
import { StateBadge } from '../state/StateBadge';
import type { AppPanelProps } from './appPanelRegistry';
import type { AppView } from './useAppView';

/** A recorded application's life, or its life up to a time-travel moment: fixed history. */
function spanOf(view: AppView): { from: number; to: number } | undefined {
  if (!view.recorded && view.at === null) return undefined;
  return { from: view.summary?.createdAt ?? view.shownNow - 30 * 60_000, to: view.shownNow };
}

export function AppCounts({ view, Frame }: AppPanelProps) {
  const { summary, app, shownNow: now } = view;
  const span = spanOf(view);
  const [windowMs, setWindowMs] = useState<number>(CHART_WINDOWS[0].ms);
  // With a record, counts reach back a day and a week.
  const recording = (useServerHealth()?.history ?? 'off') !== 'off';
  // A span is fixed history: fetched once (rounded, so a moving time-travel cursor reuses answers).
  const spanFrom = span ? Math.floor(span.from / 1000) * 1000 : 0, spanTo = span ? Math.ceil(span.to / 1000) * 1000 : 0;
  const recent = useQuery({ ...appCountsQuery(app, windowMs), enabled: !span });
  const fixed = useQuery({ ...appCountsSpanQuery(app, spanFrom, spanTo), enabled: !!span });
  // The badges follow every diff; the chart moves once a second (it shows minutes, and a
  // stacked area costs far more to redraw than a badge).
  const chartCounts = useThrottledValue(summary?.counts ?? null, 1000);
  const live = useCountsSeries(`${app.cluster}/${app.namespace}/${app.appId}`, recent.data?.samples, span ? null : chartCounts, now, windowMs);
  const samples = span ? (fixed.data?.samples ?? []).filter((x) => x[0] <= span.to) : live;
  return (
    <Frame
      description={summary ? `${summary.executors.toLocaleString()} executor pods${summary.unregistered ? `, ${summary.unregistered} not yet registered with Spark` : ''}${summary.inactive ? `, ${summary.inactive} inactive` : ''}` : undefined}
      actions={span ? undefined : <WindowPicker value={windowMs} onChange={setWindowMs} windows={recording ? [...CHART_WINDOWS, ...RECORD_WINDOWS] : CHART_WINDOWS} />}>
      <div className="mb-3 flex flex-wrap gap-2" data-testid="app-state-counts">
        {EXECUTOR_POD_STATES.map((s) => (
          <span key={s} data-state={s} data-count={summary?.counts[s] ?? 0}>
            <StateBadge state={s} count={summary?.counts[s] ?? 0} className={!summary || summary.counts[s] === 0 ? 'opacity-60' : undefined} />
          </span>
        ))}
      </div>
      <StateAreaChart samples={samples} from={span ? span.from : now - windowMs} to={span ? span.to : now} idPrefix="app" height={180} label="Executors per state over time" />
    </Frame>
  );
}
