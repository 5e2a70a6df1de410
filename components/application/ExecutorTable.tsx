'use client';

// Every executor of the application in a sortable table. Rows are virtualised in their own
// scroll box (TanStack Virtual: only the visible ones are in the DOM), so 10,000 executors cost
// what 20 do.

import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { ExecutorRow } from '../../lib/snapshot/executorRow';
import type { PodCause } from '../../lib/why/podCause';
import { StateBadge } from '../state/StateBadge';
import { cn } from '../ui/cn';
import { formatAge } from '../ui/format';
import { Skeleton } from '../ui/Skeleton';
import type { AppPanelProps } from './appPanelRegistry';
import { sortExecutorsIncrementally, type ExecutorSortKey, type SortedExecutors } from './executorSort';

const ROW_H = 34;
const VIEW_H = 420;
const OVERSCAN = 8;

const COLUMNS: { key: ExecutorSortKey; label: string; width: string }[] = [
  { key: 'id', label: 'ID', width: 'w-[7%]' },
  { key: 'pod', label: 'Pod', width: 'w-[26%]' },
  { key: 'state', label: 'State', width: 'w-[14%]' },
  { key: 'node', label: 'Node', width: 'w-[18%]' },
  { key: 'age', label: 'Age', width: 'w-[9%]' },
  { key: 'restarts', label: 'Restarts', width: 'w-[7%]' },
  { key: 'reason', label: 'Reason', width: 'w-[19%]' },
];

export function ExecutorTable({ rows, now, selectedUid, onSelect, causeOf }: {
  rows: readonly (ExecutorRow | null)[];
  now: number;
  selectedUid: string | null;
  onSelect: (uid: string) => void;
  /** The cause in words of a pod that is not running (from the why endpoint), when known. */
  causeOf?: (uid: string) => PodCause | null;
}) {
  const [sort, setSort] = useState<{ key: ExecutorSortKey; dir: 'asc' | 'desc' }>({ key: 'id', dir: 'asc' });
  const box = useRef<HTMLDivElement>(null);
  const executors = useMemo(() => rows.filter((r): r is ExecutorRow => r !== null && r.role !== 'driver'), [rows]);
  const previous = useRef<SortedExecutors | null>(null);
  const sorted = useMemo(() => {
    previous.current = sortExecutorsIncrementally(executors, sort.key, sort.dir, previous.current);
    return previous.current.rows;
  }, [executors, sort]);
  const virtualizer = useVirtualizer({ count: sorted.length, getScrollElement: () => box.current, estimateSize: () => ROW_H, overscan: OVERSCAN, getItemKey: (i) => sorted[i].uid, initialRect: { width: 0, height: VIEW_H } });
  const toggle = (key: ExecutorSortKey) => setSort((s) => ({ key, dir: s.key === key && s.dir === 'asc' ? 'desc' : 'asc' }));

  if (!executors.length) return <p className="text-sm text-neutral-600 dark:text-neutral-400">No executor pods yet.</p>;
  return (
    <div role="table" aria-label="Executors" aria-rowcount={sorted.length + 1} className="text-sm" data-testid="executor-table">
      <div role="rowgroup">
        <div role="row" className="flex border-b border-neutral-200 text-left text-xs uppercase tracking-wide text-neutral-600 dark:border-neutral-800 dark:text-neutral-400">
          {COLUMNS.map((c) => (
            <div key={c.key} role="columnheader" className={cn('px-2 py-2', c.width)} aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
              <button type="button" onClick={() => toggle(c.key)} className="inline-flex items-center gap-1 uppercase hover:text-neutral-900 dark:hover:text-neutral-100">
                {c.label}<span aria-hidden className="w-3 text-[10px]">{sort.key === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}</span>
              </button>
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="relative overflow-y-auto" ref={box} style={{ height: Math.min(VIEW_H, sorted.length * ROW_H) + 2 }}>
        <div style={{ height: virtualizer.getTotalSize() }} />
        {virtualizer.getVirtualItems().map(({ index, start }) => {
          const r = sorted[index];
          return (
            <div key={r.uid} role="row" aria-rowindex={index + 2} aria-selected={r.uid === selectedUid}
              data-pod={r.name} data-state={r.state}
              className={cn('absolute inset-x-0 flex cursor-pointer items-center border-b border-neutral-100 hover:bg-neutral-50 dark:border-neutral-800/70 dark:hover:bg-neutral-800/50',
                r.uid === selectedUid && 'bg-sky-50 dark:bg-sky-950/40', r.inactive && 'opacity-60')}
              style={{ top: start, height: ROW_H }} onClick={() => onSelect(r.uid)}>
              <div role="cell" className="w-[7%] px-2 tabular-nums">
                <button type="button" onClick={(e) => { e.stopPropagation(); onSelect(r.uid); }} className="hover:underline" aria-label={`Open executor ${r.executorId ?? r.name}`}>
                  {r.executorId ?? (r.badExecutorId ? `“${r.badExecutorId}”` : '—')}
                </button>
              </div>
              <div role="cell" className="w-[26%] truncate px-2 font-mono text-xs" title={r.name}>{r.name}</div>
              <div role="cell" className="w-[14%] px-2">
                <StateBadge state={r.state} />
                {r.deleting && <span className="ml-1 text-xs text-[var(--state-failed)]" title="Deletion requested; still running by Spark's rules">deleting</span>}
              </div>
              <div role="cell" className="w-[18%] truncate px-2 font-mono text-xs" title={r.node ?? undefined}>{r.node ?? '–'}</div>
              <div role="cell" className="w-[9%] px-2 tabular-nums">{formatAge(r.createdAt, now)}</div>
              <div role="cell" className="w-[7%] px-2 tabular-nums">{r.restarts}</div>
              <ReasonCell row={r} cause={r.state === 'running' || r.state === 'succeeded' ? null : causeOf?.(r.uid) ?? null} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** The cause in words when one is known (the short reason beside it), else the short reason and exit code. */
function ReasonCell({ row: r, cause }: { row: ExecutorRow; cause: PodCause | null }) {
  const short = r.reason ? `${r.reason}${r.exitCode !== null ? ` (${r.exitCode})` : ''}` : r.exitCode !== null ? `exit ${r.exitCode}` : r.anomaly ? '⚠ unreadable pod' : null;
  const title = cause ? [cause.text, cause.message].filter(Boolean).join('\n\n') : r.anomaly ?? undefined;
  return (
    <div role="cell" className="w-[19%] truncate px-2 text-xs" title={title} data-cause={cause?.kind}>
      {cause ? <>{short && <span className="font-medium">{short}: </span>}{cause.text}</> : short ?? '–'}
    </div>
  );
}

/** The application's executors panel, with each pod's cause while the application is live. */
export function ExecutorsPanel({ view, Frame }: AppPanelProps) {
  return (
    <Frame>
      {view.rows ? <ExecutorTable rows={view.rows} now={view.shownNow} selectedUid={view.selectedUid} onSelect={view.select} causeOf={view.causeOf} /> : <Skeleton className="h-40 w-full" />}
    </Frame>
  );
}
