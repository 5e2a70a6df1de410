'use client';

// Every Spark application in one sortable table: name and id (and the Spark operator's resource
// and state, when one runs it), cluster (with several), namespace, driver state, age, executors
// per state, and running executors over recent minutes. An operator application without pods
// is a row too, saying so, with the operator's cause when it failed.
//
// Long lists are virtualised against the page's own scroll (TanStack Virtual's window
// virtualiser): a cluster with 1,000 applications keeps a few dozen rows in the DOM, so the
// once-a-second clock and each live update cost what a short list costs. Short lists render
// every row, so the browser's find-in-page sees all of them.

import { useWindowVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { memo, useLayoutEffect, useRef, useState } from 'react';
import type { AppSortKey } from '../../lib/overview/appQuery';
import { operatorNameOf } from '../../lib/operator/operatorApp';
import { attentionOf } from '../../lib/overview/attention';
import type { Sample } from '../../lib/series/liveSeries';
import type { AppSummary } from '../../lib/snapshot/appSummary';
import { OperatorChip } from '../operator/OperatorChip';
import { operatorCauseLine } from '../operator/operatorText';
import { StateBadge } from '../state/StateBadge';
import { StateStackedBar } from '../state/StateStackedBar';
import { cn } from '../ui/cn';
import { formatAge } from '../ui/format';
import { RunningSparkline } from './RunningSparkline';
import type { RunningSeries } from './useRunningSeries';

/** Above this many rows only those near the viewport are rendered. */
export const VIRTUALISE_ABOVE = 150;
const ROW_H = 53;
const OVERSCAN = 10;

const COLUMNS: { key: AppSortKey | null; label: string; className?: string }[] = [
  { key: 'name', label: 'Application' },
  { key: 'cluster', label: 'Cluster' },
  { key: 'namespace', label: 'Namespace' },
  { key: 'driver', label: 'Driver' },
  { key: 'age', label: 'Age' },
  { key: 'executors', label: 'Executors', className: 'w-[28%]' },
  { key: 'running', label: 'Running, last 15 min' },
];

export function AppTable({ apps, sort, dir, onSort, now, running, series, sparkWindowMs, linkTarget, showCluster, why }: {
  apps: AppSummary[];
  sort: AppSortKey;
  dir: 'asc' | 'desc';
  onSort: (key: AppSortKey) => void;
  now: number;
  /** Running executors per application as the server recorded them (before the page opened). */
  running: Record<string, [number, number][]> | undefined;
  /** Running executors per application seen live since the page opened. */
  series: RunningSeries;
  sparkWindowMs: number;
  /** '_blank' inside an iframe: the full application page opens outside the portal. */
  linkTarget?: '_blank';
  /** A column with each application's cluster (when the dashboard watches more than one). */
  showCluster?: boolean;
  /** Each application's first cause in one line, by key. */
  why?: Record<string, string>;
}) {
  const columns = showCluster ? COLUMNS : COLUMNS.filter((c) => c.key !== 'cluster');
  const virtual = apps.length > VIRTUALISE_ABOVE;
  const body = useRef<HTMLTableSectionElement>(null);
  // Where the rows start on the page: the virtualiser works in page coordinates. Measured again
  // on every clock tick and update, since panels above the table (banners, cards) may grow.
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    const top = body.current ? Math.round(body.current.getBoundingClientRect().top + window.scrollY) : 0;
    if (top !== offset) setOffset(top);
  }, [apps, now, offset]);
  const virtualizer = useWindowVirtualizer({ count: apps.length, estimateSize: () => ROW_H, overscan: OVERSCAN, scrollMargin: offset, enabled: virtual, getItemKey: (i) => apps[i].key });
  const items = virtual ? virtualizer.getVirtualItems() : null;
  const padTop = items?.length ? items[0].start - offset : 0;
  const padBottom = items?.length ? virtualizer.getTotalSize() - (items[items.length - 1].end - offset) : 0;
  const rows = items ? items.map((i) => ({ app: apps[i.index], index: i.index })) : apps.map((app, index) => ({ app, index }));

  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[900px] border-collapse text-sm" data-testid="app-table" aria-rowcount={apps.length + 1} data-virtual={virtual || undefined}>
        <thead>
          <tr aria-rowindex={1} className="border-b border-neutral-200 text-left text-xs uppercase tracking-wide text-neutral-600 dark:border-neutral-800 dark:text-neutral-400">
            {columns.map((c) => (
              <th key={c.label} scope="col" className={cn('px-3 py-2 font-medium', c.className)} aria-sort={c.key === sort ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                {c.key ? (
                  <button type="button" onClick={() => onSort(c.key!)} className="inline-flex items-center gap-1 uppercase hover:text-neutral-900 dark:hover:text-neutral-100">
                    {c.label}
                    <span aria-hidden className="w-3 text-[10px]">{c.key === sort ? (dir === 'asc' ? '▲' : '▼') : ''}</span>
                  </button>
                ) : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody ref={body}>
          {padTop > 0 && <tr aria-hidden style={{ height: padTop }} />}
          {rows.map(({ app, index }) => (
            <AppRow key={app.key} app={app} index={index} now={now} history={running?.[app.key]} live={series.live(app.key)} liveVersion={series.version}
              sparkWindowMs={sparkWindowMs} linkTarget={linkTarget} showCluster={showCluster} why={why?.[app.key]} />
          ))}
          {padBottom > 0 && <tr aria-hidden style={{ height: padBottom }} />}
        </tbody>
      </table>
    </div>
  );
}

const AppRow = memo(function AppRow({ app: a, index, now, history, live, sparkWindowMs, linkTarget, showCluster, why }: {
  app: AppSummary;
  /** Its first cause, when it has pods that are not running for a reason known. */
  why?: string;
  index: number;
  now: number;
  history: [number, number][] | undefined;
  live: readonly Sample<number>[];
  /** Not read: a new version re-renders the row, whose `live` samples grow in place. */
  liveVersion: number;
  sparkWindowMs: number;
  linkTarget?: '_blank';
  showCluster?: boolean;
}) {
  const attention = attentionOf(a, now) === 'failed';
  const podless = operatorNameOf(a.appId) !== null;
  const cause = why ?? (a.operator && !a.driver ? operatorCauseLine(a.operator) ?? undefined : undefined);
  return (
    <tr data-app-key={a.key} data-counts={JSON.stringify(a.counts)} data-driver-state={a.driver?.state ?? ''} aria-rowindex={index + 2} style={{ height: ROW_H }}
      className={cn('border-b border-neutral-100 align-middle hover:bg-neutral-50 dark:border-neutral-800/70 dark:hover:bg-neutral-900', attention && 'bg-orange-50/40 dark:bg-orange-950/10')}>
      <td className="max-w-[320px] px-3 py-1.5">
        <Link href={`/apps/${encodeURIComponent(a.cluster)}/${encodeURIComponent(a.namespace)}/${encodeURIComponent(a.appId)}`} target={linkTarget} rel={linkTarget ? 'noopener' : undefined} className="block truncate font-medium text-neutral-900 hover:underline dark:text-neutral-50">
          {a.appName ?? (a.appId || '(no spark-app-selector label)')}
        </Link>
        <span className="flex min-w-0 items-center gap-1.5">
          {/* A pod-less row's id only repeats its resource's name: the chip says more. */}
          {!(podless && a.operator) && <span className="truncate font-mono text-xs text-neutral-600 dark:text-neutral-400">{a.appId || '—'}</span>}
          {a.operator && <OperatorChip operator={a.operator} />}
        </span>
      </td>
      {showCluster && <td className="px-3 py-1.5 text-xs" data-testid="app-cluster">{a.cluster}</td>}
      <td className="px-3 py-1.5 font-mono text-xs">{a.namespace}</td>
      <td className="px-3 py-1.5">
        {a.driver ? <StateBadge state={a.driver.state} title={a.driver.deleting ? 'Running while being deleted' : undefined} /> : <span className="text-xs text-neutral-500">no driver pod</span>}
      </td>
      <td className="whitespace-nowrap px-3 py-1.5 tabular-nums">{formatAge(a.createdAt, now)}</td>
      <td className="px-3 py-1.5">
        {podless ? (
          <span className="text-xs text-neutral-600 dark:text-neutral-400" data-testid="executor-counts" data-podless title="The operator has created no pod of this application">no pods</span>
        ) : (
          <div className="flex items-center gap-2">
            <StateStackedBar counts={a.counts} className="flex-1" />
            <span className="w-24 shrink-0 text-right text-xs tabular-nums text-neutral-700 dark:text-neutral-300" data-testid="executor-counts">
              <span title="running">{a.counts.running}</span>/<span title="all executors">{a.executors}</span>
              {a.counts.failed > 0 && <span className="ml-1 font-semibold text-[var(--state-failed)]" title="failed">✕{a.counts.failed}</span>}
            </span>
          </div>
        )}
        {cause && <p className="mt-0.5 max-w-[420px] truncate text-[11px] text-neutral-700 dark:text-neutral-300" title={cause} data-testid="app-why">{cause}</p>}
      </td>
      <td className="px-3 py-1.5">
        {!podless && <RunningSparkline history={history} live={live} running={a.counts.running} now={now} windowMs={sparkWindowMs} />}
      </td>
    </tr>
  );
});
