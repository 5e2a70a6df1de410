import type { ReactNode } from 'react';
import { cn } from './cn';

const TONES = {
  info: 'border-sky-300 bg-sky-50 text-sky-950 dark:border-sky-800 dark:bg-sky-950/40 dark:text-sky-100',
  warning: 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100',
  error: 'border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100',
} as const;

const ICONS = { info: 'ℹ', warning: '⚠', error: '✕' } as const;

/** A sentence that needs attention: empty, loading trouble, forbidden, stale. */
export function Notice({ tone = 'info', title, children, className, role }: {
  tone?: keyof typeof TONES;
  title: ReactNode;
  children?: ReactNode;
  className?: string;
  role?: 'status' | 'alert';
}) {
  return (
    <div role={role ?? (tone === 'error' ? 'alert' : 'status')} className={cn('flex gap-3 rounded-md border px-4 py-3 text-sm', TONES[tone], className)}>
      <span aria-hidden className="mt-0.5 font-bold">{ICONS[tone]}</span>
      <div className="min-w-0">
        <p className="font-semibold">{title}</p>
        {children && <div className="mt-1 space-y-1 opacity-90">{children}</div>}
      </div>
    </div>
  );
}
