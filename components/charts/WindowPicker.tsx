'use client';

import { cn } from '../ui/cn';

export const CHART_WINDOWS = [
  { label: '15 min', ms: 15 * 60_000 },
  { label: '1 h', ms: 60 * 60_000 },
  { label: '6 h', ms: 6 * 60 * 60_000 },
] as const;

/** Windows beyond what the live view keeps in memory: read from the record (downsampled by the database). */
export const RECORD_WINDOWS = [
  { label: '24 h', ms: 24 * 60 * 60_000 },
  { label: '7 d', ms: 7 * 24 * 60 * 60_000 },
] as const;

export function WindowPicker({ value, onChange, label = 'Time window', windows = CHART_WINDOWS }: { value: number; onChange: (ms: number) => void; label?: string; windows?: readonly { label: string; ms: number }[] }) {
  return (
    <div role="group" aria-label={label} className="inline-flex overflow-hidden rounded border border-neutral-300 text-xs dark:border-neutral-700">
      {windows.map((w) => (
        <button key={w.ms} type="button" aria-pressed={value === w.ms} onClick={() => onChange(w.ms)}
          className={cn('px-2 py-1', value === w.ms ? 'bg-neutral-800 text-white dark:bg-neutral-200 dark:text-neutral-900' : 'hover:bg-neutral-100 dark:hover:bg-neutral-800')}>
          {w.label}
        </button>
      ))}
    </div>
  );
}
