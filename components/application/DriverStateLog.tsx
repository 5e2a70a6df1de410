'use client';

// Each change of the driver pod, newest first, in the spirit of spark-submit's
// LoggingPodStatusWatcher: what changed, when, and the pod as Spark would print it.

import type { DriverLogEntry } from '../../lib/snapshot/driverLog';
import { StateBadge } from '../state/StateBadge';
import { formatDateTime } from '../ui/format';
import { Notice } from '../ui/Notice';
import { Skeleton } from '../ui/Skeleton';
import type { AppPanelProps } from './appPanelRegistry';

export function DriverStateLog({ entries }: { entries: DriverLogEntry[] }) {
  if (!entries.length) return <p className="text-sm text-neutral-600 dark:text-neutral-400">No driver pod seen yet.</p>;
  return (
    <ol className="max-h-[268px] space-y-1 overflow-y-auto pr-1 text-sm" aria-label="Driver state changes, newest first">
      {[...entries].reverse().map((e, i) => (
        <li key={`${e.at}-${i}`} className="rounded border border-neutral-200 dark:border-neutral-800">
          <details>
            <summary className="cursor-pointer px-2 py-1.5">
              <span className="inline-flex flex-wrap items-center gap-2 align-middle">
                <time className="font-mono text-xs tabular-nums text-neutral-600 dark:text-neutral-400" dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time>
                <StateBadge state={e.state} />
                <span className="text-xs text-neutral-600 dark:text-neutral-400">phase {e.phase ?? 'none'}</span>
              </span>
              <span className="mt-0.5 block break-words pl-4 text-sm">{e.change}</span>
            </summary>
            <pre className="overflow-x-auto border-t border-neutral-200 bg-neutral-50 px-3 py-2 text-xs dark:border-neutral-800 dark:bg-neutral-950">State changed, new state: {e.formatted}</pre>
          </details>
        </li>
      ))}
    </ol>
  );
}

/** The application's driver log panel: up to the time-travel moment when there is one. */
export function DriverLogPanel({ view, Frame }: AppPanelProps) {
  const { driver, at } = view;
  return (
    <Frame>
      {driver.data ? <DriverStateLog entries={at !== null ? driver.data.driverLog.filter((e) => e.at <= at) : driver.data.driverLog} /> : driver.isError && !view.notFound ? (
        <Notice tone="error" title="Could not load the driver log">{(driver.error as Error).message}</Notice>
      ) : <Skeleton className="h-32 w-full" />}
    </Frame>
  );
}
