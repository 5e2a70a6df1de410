// The ScheduledSparkApplication that runs this application: its cron expression (in words when
// it has a common shape), time zone, whether it is suspended, its concurrency policy and state,
// when it runs next and ran last, and its recent runs, each linking to its page.

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { OperatorSchedule } from '../../lib/operator/operatorApp';
import { cn } from '../ui/cn';
import { operatorToneColor, RUN_OUTCOME_STYLES } from './operatorPhaseStyles';
import { describeSchedule, runPath } from './operatorText';
import { RelativeTime } from './RelativeTime';

const MAX_RUNS = 10;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs uppercase tracking-wide text-neutral-600 dark:text-neutral-400">{label}</dt>
      <dd className="truncate text-sm">{children}</dd>
    </div>
  );
}

export function OperatorScheduleBlock({ schedule: s, shownName, now }: { schedule: OperatorSchedule; shownName: string; now: number }) {
  const words = describeSchedule(s.schedule);
  const failedValidation = s.state && s.state !== 'Scheduled';
  return (
    <section aria-labelledby="operator-schedule-title" className="space-y-3" data-testid="operator-schedule">
      <h3 id="operator-schedule-title" className="text-sm font-semibold">
        Schedule <span className="font-mono font-normal text-neutral-600 dark:text-neutral-400">{s.name}</span>
      </h3>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-3 lg:grid-cols-6">
        <Fact label="Runs">
          <code className="font-mono text-xs" data-testid="schedule-cron">{s.schedule}</code>
          {words && <span className="block truncate text-xs text-neutral-600 dark:text-neutral-400" title={words}>{words}</span>}
        </Fact>
        <Fact label="Time zone">{s.timeZone ?? 'operator default'}</Fact>
        <Fact label="Suspended">{s.suspend ? <span className="font-semibold text-[var(--state-pending)]">yes: no new runs</span> : 'no'}</Fact>
        <Fact label="Concurrency">{s.concurrencyPolicy ?? 'Allow'}</Fact>
        <Fact label="Next run"><span data-testid="schedule-next">{s.suspend ? 'none while suspended' : <RelativeTime t={s.nextRun} now={now} />}</span></Fact>
        <Fact label="Last run"><RelativeTime t={s.lastRun} now={now} />{s.lastRunName && <span className="block truncate font-mono text-xs text-neutral-600 dark:text-neutral-400" title={s.lastRunName}>{s.lastRunName}</span>}</Fact>
      </dl>
      {(failedValidation || s.reason) && (
        <p className={cn('text-sm', failedValidation && 'text-[var(--state-failed)]')} data-testid="schedule-state">
          <span className="font-semibold">{s.state || 'New'}</span>{s.reason ? `: ${s.reason}` : ''}
        </p>
      )}
      {s.runs.length > 0 && (
        <div>
          <p className="text-xs uppercase tracking-wide text-neutral-600 dark:text-neutral-400">Recent runs, newest first</p>
          <ul className="mt-1 flex flex-wrap gap-1.5" data-testid="schedule-runs">
            {s.runs.slice(0, MAX_RUNS).map((r) => {
              const style = RUN_OUTCOME_STYLES[r.outcome];
              const color = operatorToneColor(style.tone);
              const here = r.name === shownName;
              return (
                <li key={r.name} data-testid="schedule-run" data-outcome={r.outcome} data-run={r.name}>
                  {/* A run the schedule's status only names (its resource was deleted) has no page to open. */}
                  {r.phase === null ? (
                    <span title={`${r.name}: ${style.label.toLowerCase()} (deleted; the schedule's status still lists it)`}
                      className="inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs text-neutral-600 dark:text-neutral-400" style={{ borderColor: color }}>
                      <span aria-hidden style={{ color }}>{style.glyph}</span>
                      <span>{style.label}</span>
                    </span>
                  ) : (
                    <Link href={runPath(s.cluster, s.namespace, r)} aria-current={here ? 'page' : undefined}
                      title={`${r.name}: ${style.label.toLowerCase()}${r.createdAt ? `, created ${new Date(r.createdAt).toLocaleString()}` : ''}`}
                      className={cn('inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs hover:bg-neutral-100 dark:hover:bg-neutral-800', here && 'font-semibold ring-2 ring-[var(--accent)]')}
                      style={{ borderColor: color }}>
                      <span aria-hidden style={{ color }}>{style.glyph}</span>
                      <span>{style.label}</span>
                      <RelativeTime t={r.createdAt} now={now} className="tabular-nums text-neutral-600 dark:text-neutral-400" />
                    </Link>
                  )}
                </li>
              );
            })}
          </ul>
          {s.runs.length > MAX_RUNS && <p className="mt-1 text-xs text-neutral-600 dark:text-neutral-400">and {s.runs.length - MAX_RUNS} older</p>}
        </div>
      )}
    </section>
  );
}
