'use client';

// History: every application the dashboard has recorded, finished or running, searched,
// filtered, sorted and paged by the database (the page holds one page of results). A row opens
// the application's page, which reads a finished application from the record.

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { HISTORY_STATES } from '../../lib/apiRoutes';
import type { HistoryApp } from '../../lib/apiTypes';
import { operatorNameOf } from '../../lib/operator/operatorApp';
import { HISTORY_PAGE_SIZES, pageRange, type HistorySearch } from '../../lib/history/historyQuery';
import { clustersQuery, historyAppsQuery } from '../data/queries';
import { HealthBanner } from '../live/HealthBanner';
import { TopBar } from '../shell/TopBar';
import { ViewTabs } from '../shell/ViewTabs';
import { OperatorChip } from '../operator/OperatorChip';
import { operatorCauseLine } from '../operator/operatorText';
import { StateBadge } from '../state/StateBadge';
import { cn } from '../ui/cn';
import { formatCoreHours, formatDateTime, formatDuration } from '../ui/format';
import { Notice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { Skeleton } from '../ui/Skeleton';
import { useHistorySearch } from './useHistorySearch';

const COLUMNS: { key: HistorySearch['sort'] | null; label: string; className?: string }[] = [
  { key: 'name', label: 'Application' },
  { key: null, label: 'Cluster' },
  { key: 'namespace', label: 'Namespace' },
  { key: null, label: 'Ended as' },
  { key: 'started', label: 'Started' },
  { key: 'ended', label: 'Ended' },
  { key: null, label: 'Duration' },
  { key: 'executors', label: 'Executors', className: 'text-right' },
  { key: 'coreHours', label: 'Core-hours', className: 'text-right' },
];

const STATE_LABEL: Record<(typeof HISTORY_STATES)[number], string> = { running: 'Still running', succeeded: 'Succeeded', failed: 'Failed', deleted: 'Deleted' };

/** `datetime-local` values are local time without a zone. */
const toLocalInput = (t: number | undefined) => (t === undefined ? '' : new Date(t - new Date(t).getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
const fromLocalInput = (v: string) => (v ? new Date(v).getTime() : undefined);

export function HistoryPage() {
  const [search, setSearch] = useHistorySearch();
  const result = useQuery(historyAppsQuery(search));
  const clusters = useQuery(clustersQuery());
  const [text, setText] = useState(search.q ?? '');
  // The search box writes the URL a moment after typing stops (each URL change is a query).
  useEffect(() => {
    if ((search.q ?? '') === text) return;
    const t = setTimeout(() => setSearch({ ...search, q: text || undefined, page: 1 }), 300);
    return () => clearTimeout(t);
  }, [text, search, setSearch]);
  const update = (patch: Partial<HistorySearch>) => setSearch({ ...search, page: 1, ...patch });
  const onSort = (key: HistorySearch['sort']) => update({ sort: key, dir: search.sort === key && search.dir === 'desc' ? 'asc' : 'desc' });
  const data = result.data;
  // The rows shown may still be the previous page's while the next loads: the range says which they are.
  const range = data ? pageRange(data.page, data.pageSize, data.total) : null;
  const active = !!(search.q || search.cluster || search.namespace || search.state || search.from !== undefined || search.to !== undefined);

  return (
    <>
      <TopBar live={false}><ViewTabs current="history" /></TopBar>
      <main className="mx-auto max-w-[1600px] space-y-4 px-4 py-4">
        <h1 className="sr-only">Application history</h1>
        <HealthBanner />
        <Panel title="Application history" id="history"
          description={data?.available ? `${data.total.toLocaleString()} application${data.total === 1 ? '' : 's'} recorded${active ? ' match' : ''}` : 'Every application the dashboard has seen, kept across restarts'}>
          <div className="mb-3 flex flex-wrap items-end gap-3" role="search" aria-label="Search application history">
            <label className="flex flex-col gap-1 text-xs text-neutral-700 dark:text-neutral-300">Search
              <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="name or app id"
                className="w-56 rounded border border-neutral-300 bg-white px-2 py-1 text-sm dark:border-neutral-700 dark:bg-neutral-900" />
            </label>
            {(clusters.data?.clusters.length ?? 0) > 1 && (
              <label className="flex flex-col gap-1 text-xs text-neutral-700 dark:text-neutral-300">Cluster
                <select value={search.cluster ?? ''} onChange={(e) => update({ cluster: e.target.value || undefined })}
                  className="rounded border border-neutral-300 bg-white px-2 py-1 text-sm dark:border-neutral-700 dark:bg-neutral-900">
                  <option value="">All clusters</option>
                  {clusters.data!.clusters.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
                </select>
              </label>
            )}
            <label className="flex flex-col gap-1 text-xs text-neutral-700 dark:text-neutral-300">Namespace
              <input value={search.namespace ?? ''} onChange={(e) => update({ namespace: e.target.value.trim() || undefined })} placeholder="any" spellCheck={false}
                className="w-36 rounded border border-neutral-300 bg-white px-2 py-1 font-mono text-sm dark:border-neutral-700 dark:bg-neutral-900" />
            </label>
            <label className="flex flex-col gap-1 text-xs text-neutral-700 dark:text-neutral-300">Ended as
              <select value={search.state ?? ''} onChange={(e) => update({ state: (e.target.value || undefined) as HistorySearch['state'] })}
                className="rounded border border-neutral-300 bg-white px-2 py-1 text-sm dark:border-neutral-700 dark:bg-neutral-900">
                <option value="">Any</option>
                {HISTORY_STATES.map((s) => <option key={s} value={s}>{STATE_LABEL[s]}</option>)}
              </select>
            </label>
            <label className="flex flex-col gap-1 text-xs text-neutral-700 dark:text-neutral-300">Active from
              <input type="datetime-local" value={toLocalInput(search.from)} onChange={(e) => update({ from: fromLocalInput(e.target.value) })}
                className="rounded border border-neutral-300 bg-white px-2 py-1 text-sm dark:border-neutral-700 dark:bg-neutral-900" />
            </label>
            <label className="flex flex-col gap-1 text-xs text-neutral-700 dark:text-neutral-300">until
              <input type="datetime-local" value={toLocalInput(search.to)} onChange={(e) => update({ to: fromLocalInput(e.target.value) })}
                className="rounded border border-neutral-300 bg-white px-2 py-1 text-sm dark:border-neutral-700 dark:bg-neutral-900" />
            </label>
            {active && (
              <button type="button" onClick={() => { setText(''); setSearch({ ...search, q: undefined, cluster: undefined, namespace: undefined, state: undefined, from: undefined, to: undefined, page: 1 }); }}
                className="pb-1 text-sm text-[var(--accent)] underline-offset-2 hover:underline">Clear filters</button>
            )}
          </div>

          {result.isError && <Notice tone="error" title="Could not search the history">{(result.error as Error).message}</Notice>}
          {data && !data.available && (data.starting
            ? <Notice title="History is starting">{data.problem}</Notice>
            : <Notice tone="warning" title="History is not available">{data.problem}</Notice>)}
          {!data && !result.isError && <div className="space-y-2" aria-busy="true" aria-label="Loading history">{[0, 1, 2, 3].map((i) => <Skeleton key={i} className="h-10 w-full" />)}</div>}
          {data?.available && data.apps.length === 0 && <Notice title={active ? 'No recorded application matches' : 'Nothing recorded yet'}><p>{active ? 'Clear a filter to see more.' : 'Applications appear here as soon as the dashboard sees them.'}</p></Notice>}
          {data?.available && data.apps.length > 0 && (
            <div className={cn('overflow-x-auto', result.isPlaceholderData && 'opacity-60')}>
              <table className="w-full min-w-[900px] border-collapse text-sm" data-testid="history-table" aria-busy={result.isPlaceholderData}>
                <thead>
                  <tr className="border-b border-neutral-200 text-left text-xs uppercase tracking-wide text-neutral-600 dark:border-neutral-800 dark:text-neutral-400">
                    {COLUMNS.map((c) => (
                      <th key={c.label} scope="col" className={cn('px-3 py-2 font-medium', c.className)} aria-sort={c.key && c.key === search.sort ? (search.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                        {c.key ? (
                          <button type="button" onClick={() => onSort(c.key!)} className="inline-flex items-center gap-1 uppercase hover:text-neutral-900 dark:hover:text-neutral-100">
                            {c.label}<span aria-hidden className="w-3 text-[10px]">{c.key === search.sort ? (search.dir === 'asc' ? '▲' : '▼') : ''}</span>
                          </button>
                        ) : c.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>{data.apps.map((a) => <HistoryRow key={a.summary.key} app={a} />)}</tbody>
              </table>
            </div>
          )}
          {data?.available && range && data.total > 0 && (
            <nav aria-label="Pages" className="mt-3 flex flex-wrap items-center justify-between gap-3 text-sm">
              <span data-testid="history-range" className="tabular-nums text-neutral-700 dark:text-neutral-300">{range.first.toLocaleString()}–{range.last.toLocaleString()} of {data.total.toLocaleString()}</span>
              <span className="flex items-center gap-2">
                <label className="flex items-center gap-1 text-xs text-neutral-700 dark:text-neutral-300">Per page
                  <select value={search.pageSize} onChange={(e) => update({ pageSize: Number(e.target.value) })} className="rounded border border-neutral-300 bg-white px-1 py-0.5 dark:border-neutral-700 dark:bg-neutral-900">
                    {[...new Set([...HISTORY_PAGE_SIZES, search.pageSize])].sort((x, y) => x - y).map((n) => <option key={n} value={n}>{n}</option>)}
                  </select>
                </label>
                <button type="button" disabled={search.page <= 1} onClick={() => setSearch({ ...search, page: search.page - 1 })} className="rounded border border-neutral-300 px-2 py-0.5 disabled:opacity-40 dark:border-neutral-700">Previous</button>
                <span className="tabular-nums">Page {search.page} of {range.pages.toLocaleString()}</span>
                <button type="button" disabled={search.page >= range.pages} onClick={() => setSearch({ ...search, page: search.page + 1 })} className="rounded border border-neutral-300 px-2 py-0.5 disabled:opacity-40 dark:border-neutral-700">Next</button>
              </span>
            </nav>
          )}
        </Panel>
      </main>
    </>
  );
}

function HistoryRow({ app }: { app: HistoryApp }) {
  const s = app.summary;
  const end = app.endedAt ?? null;
  const failure = s.operator?.phase === 'submission-failed' ? operatorCauseLine(s.operator) : null;
  return (
    <tr data-app-key={s.key} data-final-state={app.finalState ?? 'running'} className="border-b border-neutral-100 align-middle hover:bg-neutral-50 dark:border-neutral-800/70 dark:hover:bg-neutral-900">
      <td className="max-w-[320px] px-3 py-2">
        <Link href={`/apps/${encodeURIComponent(s.cluster)}/${encodeURIComponent(s.namespace)}/${encodeURIComponent(s.appId)}`} className="block truncate font-medium text-neutral-900 hover:underline dark:text-neutral-50">
          {s.appName ?? s.appId}
        </Link>
        <span className="flex min-w-0 items-center gap-1.5">
          {/* A pod-less application's id only repeats its resource's name: the chip says more. */}
          {!(s.operator && operatorNameOf(s.appId)) && <span className="truncate font-mono text-xs text-neutral-600 dark:text-neutral-400">{s.appId}</span>}
          {s.operator && <OperatorChip operator={s.operator} />}
        </span>
        {failure && <span className="block truncate text-[11px] text-[var(--state-failed)]" title={s.operator?.errorMessage ?? failure} data-testid="history-operator-error">{failure}</span>}
      </td>
      <td className="px-3 py-2 text-xs">{s.cluster}</td>
      <td className="px-3 py-2 font-mono text-xs">{s.namespace}</td>
      <td className="px-3 py-2">{app.finalState ? <StateBadge state={app.finalState} /> : <span className="text-xs text-neutral-600 dark:text-neutral-400">still running</span>}</td>
      <td className="whitespace-nowrap px-3 py-2 tabular-nums">{formatDateTime(app.startedAt)}</td>
      <td className="whitespace-nowrap px-3 py-2 tabular-nums">{formatDateTime(end)}</td>
      <td className="whitespace-nowrap px-3 py-2 tabular-nums">{app.startedAt !== null && end !== null ? formatDuration(end - app.startedAt) : '–'}</td>
      <td className="px-3 py-2 text-right tabular-nums" title={`at most ${app.peakRunning} running at once`}>{app.executors.toLocaleString()}</td>
      <td className="px-3 py-2 text-right tabular-nums" title={app.coreHours === null ? 'its pods request no CPU' : 'CPU cores requested × hours running, driver included'}>{formatCoreHours(app.coreHours)}</td>
    </tr>
  );
}
