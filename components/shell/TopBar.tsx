import Link from 'next/link';
import type { ReactNode } from 'react';
import { ConnectionStatus } from '../live/ConnectionStatus';
import { ThemeToggle } from './ThemeToggle';

/** `live`: the page follows the live connection (History reads the record and opens none: no badge). */
export function TopBar({ children, live = true }: { children?: ReactNode; live?: boolean }) {
  return (
    <header className="sticky top-0 z-30 border-b border-neutral-200 bg-white/95 backdrop-blur dark:border-neutral-800 dark:bg-neutral-950/95">
      <div className="mx-auto flex max-w-[1600px] items-center gap-4 px-4 py-2">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-neutral-900 dark:text-neutral-50">
          <svg aria-hidden viewBox="0 0 24 24" className="size-5"><path fill="currentColor" d="M13 2 4 14h6l-1 8 9-12h-6z" /></svg>
          Spark Pod Dashboard
        </Link>
        <nav aria-label="Breadcrumb" className="min-w-0 flex-1 truncate text-sm text-neutral-600 dark:text-neutral-400">{children}</nav>
        {live && <ConnectionStatus />}
        <ThemeToggle />
      </div>
    </header>
  );
}
