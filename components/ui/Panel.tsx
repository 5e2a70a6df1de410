import type { ReactNode } from 'react';
import { cn } from './cn';

/** A titled section of a page: the one frame every panel uses, so pages look of a piece. */
export function Panel({ title, actions, children, className, id, description }: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  id?: string;
  description?: ReactNode;
}) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section id={id} aria-labelledby={headingId} className={cn('rounded-lg border border-neutral-200 bg-white dark:border-neutral-800 dark:bg-neutral-900', className)}>
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-neutral-200 px-4 py-2 dark:border-neutral-800">
        <div className="min-w-0">
          <h2 id={headingId} className="text-sm font-semibold text-neutral-800 dark:text-neutral-100">{title}</h2>
          {description && <p className="text-xs text-neutral-600 dark:text-neutral-400">{description}</p>}
        </div>
        {actions && <div className="flex items-center gap-2">{actions}</div>}
      </header>
      <div className="p-4">{children}</div>
    </section>
  );
}
