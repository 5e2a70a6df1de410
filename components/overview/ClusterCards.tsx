'use client';

// One card per cluster the dashboard watches: its name, whether it is healthy (live from the
// server's health, so a cluster that is down, slow or forbidden says so on its own card while
// the others carry on), its applications and executors per state. A card filters the
// overview to its cluster; a second click clears the filter.

import { useMemo } from 'react';
import type { ClusterHealth } from '../../lib/apiTypes';
import type { AppSummary, StateCounts } from '../../lib/snapshot/appSummary';
import { emptyCounts } from '../../lib/snapshot/appSummary';
import { addCounts } from '../../lib/series/countSeries';
import { EXECUTOR_POD_STATES } from '../../lib/spark/podState';
import { useServerHealth } from '../data/useLiveScope';
import { StateStackedBar } from '../state/StateStackedBar';
import { cn } from '../ui/cn';

interface ClusterCard {
  id: string;
  name: string;
  health: ClusterHealth | null;
  apps: number;
  counts: StateCounts;
}

function status(h: ClusterHealth | null): { label: string; tone: 'ok' | 'warn' | 'down' } {
  if (!h) return { label: 'Connecting', tone: 'warn' };
  if (h.ready) return { label: 'Healthy', tone: 'ok' };
  // Failing, or once seen and now not ready: degraded; never synced and not failing yet: starting.
  return h.sources.some((s) => s.synced || s.state === 'retrying') ? { label: 'Degraded', tone: 'down' } : { label: 'Starting', tone: 'warn' };
}

export function ClusterCards({ apps, selected, onSelect }: { apps: AppSummary[] | null; selected: readonly string[]; onSelect: (cluster: string | null) => void }) {
  const health = useServerHealth();
  const cards: ClusterCard[] = useMemo(() => {
    const byId = new Map<string, ClusterCard>();
    for (const [id, h] of Object.entries(health?.clusters ?? {})) byId.set(id, { id, name: h.name, health: h, apps: 0, counts: emptyCounts() });
    for (const a of apps ?? []) {
      const card = byId.get(a.cluster) ?? { id: a.cluster, name: a.cluster, health: null, apps: 0, counts: emptyCounts() };
      card.apps++;
      card.counts = addCounts(card.counts, a.counts);
      byId.set(a.cluster, card);
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [apps, health]);
  if (cards.length < 2) return null;
  return (
    <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4" aria-label="Clusters" data-testid="cluster-cards">
      {cards.map((c) => {
        const s = status(c.health);
        const executors = EXECUTOR_POD_STATES.reduce((n, st) => n + c.counts[st], 0);
        const on = selected.includes(c.id);
        const problems = c.health?.problems ?? [];
        return (
          <li key={c.id}>
            <button type="button" aria-pressed={on} onClick={() => onSelect(on ? null : c.id)} data-cluster={c.id} data-status={s.label.toLowerCase()}
              title={problems.length ? problems.join('\n') : `Show only ${c.name}`}
              className={cn('w-full rounded-lg border bg-white p-3 text-left transition-colors hover:border-neutral-400 dark:bg-neutral-900 dark:hover:border-neutral-600',
                on ? 'border-[var(--accent)] ring-1 ring-[var(--accent)]' : 'border-neutral-200 dark:border-neutral-800')}>
              <span className="flex items-center justify-between gap-2">
                <span className="truncate font-semibold" title={c.name}>{c.name}</span>
                <span className={cn('inline-flex shrink-0 items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-medium',
                  s.tone === 'ok' && 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-200',
                  s.tone === 'warn' && 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950/50 dark:text-amber-200',
                  s.tone === 'down' && 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950/50 dark:text-red-200')}>
                  <span aria-hidden className={cn('size-2 rounded-full', s.tone === 'ok' ? 'bg-emerald-500' : s.tone === 'warn' ? 'bg-amber-500' : 'bg-red-500')} />
                  {s.label}
                </span>
              </span>
              <span className="mt-1 block text-xs text-neutral-600 dark:text-neutral-400">
                {c.apps} application{c.apps === 1 ? '' : 's'} · {executors.toLocaleString()} executor{executors === 1 ? '' : 's'} · {c.counts.running.toLocaleString()} running
              </span>
              <StateStackedBar counts={c.counts} className="mt-2" />
              {problems.length > 0 && <span className="mt-2 line-clamp-2 block text-xs text-red-800 dark:text-red-300" data-testid="cluster-problem">{problems[0]}</span>}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
