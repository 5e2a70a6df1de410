'use client';

// The time-travel cursor under the timeline: drag it to see the application as it stood at
// that moment (executors, states and counts), or go back to Live. The moment lives in the URL
// (`?at=`), so it can be shared; the page recomputes everything from the rows it holds.

import { useEffect, useState } from 'react';
import { formatDateTime } from '../ui/format';

export function TimeTravel({ from, to, at, live, onChange }: {
  /** The application's first moment (its oldest pod). */
  from: number;
  /** Its last: now while it runs, its end once it is recorded. */
  to: number;
  at: number | null;
  /** Whether "now" is live (a running application) or the end of a recording. */
  live: boolean;
  onChange: (at: number | null) => void;
}) {
  const [value, setValue] = useState(at ?? to);
  useEffect(() => { setValue(at ?? to); }, [at, to]);
  // The URL follows the cursor a moment after it stops moving.
  useEffect(() => {
    if (value === (at ?? to)) return;
    const t = setTimeout(() => onChange(value >= to && live ? null : value), 250);
    return () => clearTimeout(t);
  }, [value, at, to, live, onChange]);
  const span = Math.max(1000, to - from);
  return (
    <div className="flex flex-wrap items-center gap-3 rounded border border-neutral-200 px-3 py-2 text-sm dark:border-neutral-800" data-testid="time-travel">
      <label className="flex min-w-[280px] flex-1 items-center gap-2">
        <span className="whitespace-nowrap text-neutral-700 dark:text-neutral-300">Time travel</span>
        <input type="range" min={from} max={from + span} step={1000} value={Math.min(Math.max(value, from), from + span)} aria-label="Time travel: show the application as of this moment"
          aria-valuetext={formatDateTime(value)} onChange={(e) => setValue(Number(e.target.value))} className="flex-1 accent-[var(--accent)]" />
      </label>
      <span className="tabular-nums" data-testid="time-travel-at">{at === null ? (live ? 'Live' : `End of the recording (${formatDateTime(to)})`) : `As of ${formatDateTime(at)}`}</span>
      {at !== null && (
        <button type="button" onClick={() => onChange(null)} className="rounded border border-neutral-300 px-2 py-0.5 text-xs hover:bg-neutral-100 dark:border-neutral-700 dark:hover:bg-neutral-800">
          {live ? 'Back to live' : 'Back to the end'}
        </button>
      )}
    </div>
  );
}
