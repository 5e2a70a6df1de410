'use client';

import { cn } from '../ui/cn';

export const CHART_WINDOWS = [
  { label: '15 min', ms: 15 * 60_000 },
  { label: '1 h', ms: 60 * 60_000 },
  { label: '6 h', ms: 6 * 60 * 60_000 },
] as const;

export function WindowPicker({ value, onChange, label = 'Time window' }: { value: number; onChange: (ms: number) => void; label?: string }) {
  return (
    <div role="group" aria-label={label} className="inline-flex overflow-hidden rounded border border-neutral-300 text-xs dark:border-neutral-700">
      {CHART_WINDOWS.map((w) => (
        <button key={w.ms} type="button" aria-pressed={value === w.ms} onClick={() => onChange(w.ms)}
          className={cn('px-2 py-1', value === w.ms ? 'bg-neutral-800 text-white dark:bg-neutral-200 dark:text-neutral-900' : 'hover:bg-neutral-100 dark:hover:bg-neutral-800')}>
          {w.label}
        </button>
      ))}
    </div>
  );
}
