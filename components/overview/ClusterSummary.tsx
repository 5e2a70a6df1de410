'use client';

// Executors per state across every cluster, or one: current totals and a stacked area over time.

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { AppSummary, StateCounts } from '../../lib/snapshot/appSummary';
import { emptyCounts } from '../../lib/snapshot/appSummary';
import { addCounts } from '../../lib/series/countSeries';
import { EXECUTOR_POD_STATES } from '../../lib/spark/podState';
import { StateAreaChart } from '../charts/StateAreaChart';
import { useCountsSeries } from '../charts/useCountsSeries';
import { CHART_WINDOWS, WindowPicker } from '../charts/WindowPicker';
import { clusterCountsQuery } from '../data/queries';
import { useThrottledValue } from '../data/useThrottledValue';
import { StateBadge } from '../state/StateBadge';
import { Panel } from '../ui/Panel';

export function ClusterSummary({ apps: all, cluster, several, now }: { apps: AppSummary[] | null; cluster: string | null; several: boolean; now: number }) {
  const [windowMs, setWindowMs] = useState<number>(CHART_WINDOWS[0].ms);
  const history = useQuery(clusterCountsQuery(cluster, windowMs));
  const apps = useMemo(() => (all && cluster ? all.filter((a) => a.cluster === cluster) : all), [all, cluster]);
  const totals: StateCounts | null = useMemo(() => (apps ? apps.reduce((t, a) => addCounts(t, a.counts), emptyCounts()) : null), [apps]);
  const samples = useCountsSeries(`cluster:${cluster ?? '*'}`, history.data?.samples, useThrottledValue(totals, 1000), now, windowMs);
  const executors = totals ? EXECUTOR_POD_STATES.reduce((n, s) => n + totals[s], 0) : 0;
  return (
    <Panel title={cluster ? `Executors in ${cluster}` : several ? 'Executors across the clusters' : 'Executors across the cluster'} id="cluster-summary"
      description={apps ? `${executors.toLocaleString()} executor pods in ${apps.length} application${apps.length === 1 ? '' : 's'}` : 'Loading…'}
      actions={<WindowPicker value={windowMs} onChange={setWindowMs} />}>
      <div className="mb-3 flex flex-wrap gap-2" data-testid="cluster-totals">
        {EXECUTOR_POD_STATES.map((s) => (
          <StateBadge key={s} state={s} count={totals?.[s] ?? 0} className={totals && totals[s] === 0 ? 'opacity-60' : undefined} />
        ))}
      </div>
      <StateAreaChart samples={samples} from={now - windowMs} to={now} idPrefix="cluster" height={180} label="Executors per state across the cluster over time" />
    </Panel>
  );
}
