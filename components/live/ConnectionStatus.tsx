'use client';

// Always-visible state of the live data: live, reconnecting, or stale since hh:mm:ss (the
// browser lost the server, or the server lost the Kubernetes API). Staleness is never silent.

import { cn } from '../ui/cn';
import { formatClock } from '../ui/format';
import { useConnection, useServerHealth } from '../data/useLiveScope';

export function ConnectionStatus({ className }: { className?: string }) {
  const connection = useConnection();
  const health = useServerHealth();
  let tone: 'live' | 'warn' | 'down' = 'live';
  let text = 'Live';
  let detail = 'Receiving updates from the dashboard server.';
  if (connection.status === 'connecting' || connection.status === 'idle') {
    tone = 'warn';
    text = 'Connecting…';
    detail = 'Opening the live connection to the dashboard server.';
  } else if (connection.status === 'reconnecting') {
    tone = 'down';
    text = connection.staleSince ? `Reconnecting · stale since ${formatClock(connection.staleSince)}` : 'Reconnecting…';
    detail = `Lost the dashboard server${connection.error ? ` (${connection.error})` : ''}. What you see may be out of date.`;
  } else if (health?.stale) {
    tone = 'warn';
    const clusters = Object.keys(health.clusters ?? {}).length;
    const degraded = health.degraded?.length ?? 0;
    // One cluster of several in trouble: the rest is live, and the pill says which share is not.
    text = clusters > 1 && degraded < clusters
      ? `Live · ${degraded || 1} of ${clusters} clusters ${degraded ? 'degraded' : 'stale'}`
      : connection.staleSince ? `Stale since ${formatClock(connection.staleSince)}` : 'Stale';
    detail = health.problems.join(' ');
  }
  return (
    <span role="status" aria-live="polite" title={detail} data-testid="connection-status" data-status={tone === 'live' ? 'live' : connection.status === 'reconnecting' ? 'reconnecting' : 'stale'}
      className={cn('inline-flex items-center gap-2 rounded-full border px-2.5 py-1 text-xs font-medium',
        tone === 'live' && 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-200',
        tone === 'warn' && 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950/50 dark:text-amber-200',
        tone === 'down' && 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950/50 dark:text-red-200',
        className)}>
      <span aria-hidden className={cn('inline-block size-2 rounded-full', tone === 'live' ? 'bg-emerald-500 motion-safe:animate-pulse' : tone === 'warn' ? 'bg-amber-500' : 'bg-red-500')} />
      {text}
    </span>
  );
}
