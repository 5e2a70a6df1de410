'use client';

// Live and History: the two ways of looking at applications, as tabs in the top bar.

import Link from 'next/link';
import { cn } from '../ui/cn';

export function ViewTabs({ current }: { current: 'live' | 'history' }) {
  const tab = (id: 'live' | 'history', href: string, label: string) => (
    <Link href={href} aria-current={current === id ? 'page' : undefined}
      className={cn('rounded px-2.5 py-1 text-sm', current === id ? 'bg-neutral-900 font-medium text-white dark:bg-neutral-100 dark:text-neutral-900' : 'text-neutral-700 hover:bg-neutral-100 dark:text-neutral-300 dark:hover:bg-neutral-800')}>
      {label}
    </Link>
  );
  return (
    <span role="navigation" aria-label="Views" className="inline-flex items-center gap-1" data-testid="view-tabs">
      {tab('live', '/', 'Live')}
      {tab('history', '/history', 'History')}
    </span>
  );
}
