'use client';

// One application full screen on the wall: who it is, its counts, and its executor timeline
// following the live edge.

import { useMemo } from 'react';
import type { Attention } from '../../lib/overview/attention';
import type { AppSummary } from '../../lib/snapshot/appSummary';
import { EXECUTOR_POD_STATES } from '../../lib/spark/podState';
import { ExecutorTimeline } from '../application/timeline/ExecutorTimeline';
import { useLiveScope } from '../data/useLiveScope';
import { useServerClock } from '../live/useNow';
import { StateBadge } from '../state/StateBadge';
import { cn } from '../ui/cn';

export function WallAppView({ app, attention, height }: { app: AppSummary; attention: Attention; height: number }) {
  const scope = useMemo(() => ({ kind: 'app' as const, cluster: app.cluster, namespace: app.namespace, appId: app.appId }), [app.cluster, app.namespace, app.appId]);
  const state = useLiveScope(scope);
  const clock = useServerClock();
  return (
    <section data-testid="wall-app" data-app-key={app.key} className="flex flex-col gap-4">
      <header className="flex flex-wrap items-center gap-4">
        <h2 className={cn('text-4xl font-bold', attention === 'failed' && 'text-[var(--state-failed)]')}>{app.appName ?? app.appId}</h2>
        <span className="text-2xl text-neutral-600 dark:text-neutral-400">{app.namespace}</span>
        {app.driver && <span className="text-xl"><StateBadge state={app.driver.state} size="lg" /></span>}
      </header>
      <div className="flex flex-wrap gap-3 text-xl">
        {EXECUTOR_POD_STATES.filter((s) => app.counts[s] > 0).map((s) => <StateBadge key={s} state={s} count={app.counts[s]} size="lg" />)}
      </div>
      {state ? <ExecutorTimeline rows={state.rows} now={clock} height={height} density="comfortable" rowOrder="state" /> : <div style={{ height }} />}
    </section>
  );
}
