'use client';

// Executors per state now and over time, for one application.

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AppSummary } from '../../lib/snapshot/appSummary';
import { EXECUTOR_POD_STATES } from '../../lib/spark/podState';
import { StateAreaChart } from '../charts/StateAreaChart';
import { useCountsSeries } from '../charts/useCountsSeries';
import { CHART_WINDOWS, WindowPicker } from '../charts/WindowPicker';
import { appCountsQuery, type AppRef } from '../data/queries';
import { useThrottledValue } from '../data/useThrottledValue';
import { StateBadge } from '../state/StateBadge';
import { Panel } from '../ui/Panel';

export function AppCounts({ summary, app, now }: { summary: AppSummary | null; app: AppRef; now: number }) {
  const [windowMs, setWindowMs] = useState<number>(CHART_WINDOWS[0].ms);
  const history = useQuery(appCountsQuery(app, windowMs));
  // The badges follow every diff; the chart moves once a second (it shows minutes, and a
  // stacked area costs far more to redraw than a badge).
  const chartCounts = useThrottledValue(summary?.counts ?? null, 1000);
  const samples = useCountsSeries(`${app.cluster}/${app.namespace}/${app.appId}`, history.data?.samples, chartCounts, now, windowMs);
  return (
    <Panel title="Executors per state" id="state-counts"
      description={summary ? `${summary.executors.toLocaleString()} executor pods${summary.unregistered ? `, ${summary.unregistered} not yet registered with Spark` : ''}${summary.inactive ? `, ${summary.inactive} inactive` : ''}` : undefined}
      actions={<WindowPicker value={windowMs} onChange={setWindowMs} />}>
      <div className="mb-3 flex flex-wrap gap-2" data-testid="app-state-counts">
        {EXECUTOR_POD_STATES.map((s) => (
          <span key={s} data-state={s} data-count={summary?.counts[s] ?? 0}>
            <StateBadge state={s} count={summary?.counts[s] ?? 0} className={!summary || summary.counts[s] === 0 ? 'opacity-60' : undefined} />
          </span>
        ))}
      </div>
      <StateAreaChart samples={samples} from={now - windowMs} to={now} idPrefix="app" height={180} label="Executors per state over time" />
    </Panel>
  );
}
