'use client';

// Clock, age of the last update and connection state, readable from across the room.

import { useLiveClient } from '../data/LiveClientProvider';
import { useConnection } from '../data/useLiveScope';
import { cn } from '../ui/cn';
import { formatClock, formatDuration } from '../ui/format';

export function WallClock({ now }: { now: number }) {
  const connection = useConnection();
  const client = useLiveClient();
  const last = client.getConnection().lastMessageAt;
  const age = last ? Math.max(0, Date.now() - last) : null;
  const status = connection.status === 'live' ? (connection.staleSince ? 'stale' : 'live') : connection.status === 'reconnecting' ? 'reconnecting' : 'connecting';
  return (
    <div className="flex items-center gap-6" data-testid="wall-clock">
      <span data-testid="wall-status" data-status={status} suppressHydrationWarning className={cn('rounded-full px-4 py-1 text-xl font-bold uppercase tracking-wide',
        status === 'live' && 'bg-emerald-500/20 text-emerald-800 dark:text-emerald-300',
        status === 'stale' && 'bg-amber-500/25 text-amber-900 dark:text-amber-200',
        (status === 'reconnecting' || status === 'connecting') && 'bg-red-600/30 text-red-900 dark:text-red-200')}>
        ● {status === 'live' ? 'Live' : status === 'stale' ? `Stale since ${connection.staleSince ? formatClock(connection.staleSince) : '?'}` : status === 'reconnecting' ? `Reconnecting · since ${connection.staleSince ? formatClock(connection.staleSince) : '?'}` : 'Connecting'}
      </span>
      <span className="text-xl tabular-nums text-neutral-600 dark:text-neutral-300" data-testid="wall-age" suppressHydrationWarning>updated {age === null ? '–' : `${formatDuration(age)} ago`}</span>
      {/* The clock is the server's on the first render and the browser's after: a mismatch by design. */}
      <time className="text-4xl font-semibold tabular-nums" dateTime={new Date(now).toISOString()} suppressHydrationWarning>{formatClock(now)}</time>
    </div>
  );
}
