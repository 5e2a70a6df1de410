// How often the operator submitted and ran the application, and each Spark application it ran
// (one per attempt, each its own page), the current one marked and the one shown here named.

import Link from 'next/link';
import type { AppOperatorResponse } from '../../lib/apiTypes';
import type { OperatorApp } from '../../lib/operator/operatorApp';
import { appPath } from './operatorText';
import { RelativeTime } from './RelativeTime';

export function OperatorAttempts({ app, attempts, shownAppId, now }: { app: OperatorApp; attempts: AppOperatorResponse['attempts']; shownAppId: string; now: number }) {
  return (
    <div className="space-y-2" data-testid="operator-attempts">
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
        <div><dt className="text-xs uppercase tracking-wide text-neutral-600 dark:text-neutral-400">Submissions</dt><dd className="tabular-nums" data-testid="submission-attempts">{app.submissionAttempts ?? 0}</dd></div>
        <div><dt className="text-xs uppercase tracking-wide text-neutral-600 dark:text-neutral-400">Runs</dt><dd className="tabular-nums" data-testid="execution-attempts">{app.executionAttempts ?? 0}</dd></div>
        <div><dt className="text-xs uppercase tracking-wide text-neutral-600 dark:text-neutral-400">Last submitted</dt><dd><RelativeTime t={app.lastSubmissionAt} now={now} /></dd></div>
        <div><dt className="text-xs uppercase tracking-wide text-neutral-600 dark:text-neutral-400">Ended</dt><dd><RelativeTime t={app.terminatedAt} now={now} /></dd></div>
      </dl>
      {attempts.length > 0 && (
        <div>
          <p className="text-xs uppercase tracking-wide text-neutral-600 dark:text-neutral-400">Spark applications, one per attempt</p>
          <ol className="mt-1 space-y-0.5 text-sm">
            {attempts.map((a, i) => {
              const here = a.appId === shownAppId;
              return (
                <li key={a.key} className="flex min-w-0 items-center gap-2" data-testid="operator-attempt" data-current={a.current || undefined} data-app-id={a.appId}>
                  <span className="w-5 shrink-0 text-right text-xs tabular-nums text-neutral-500">{i + 1}.</span>
                  {here ? <span className="truncate font-mono text-xs font-semibold" title={a.appId}>{a.appId}</span>
                    : <Link href={appPath(app.cluster, app.namespace, a.appId)} className="truncate font-mono text-xs text-[var(--accent)] hover:underline" title={a.appId}>{a.appId}</Link>}
                  {a.current && <span className="shrink-0 rounded bg-neutral-200 px-1 text-[10px] font-semibold uppercase text-neutral-800 dark:bg-neutral-700 dark:text-neutral-100">current</span>}
                  {here && <span className="shrink-0 text-[10px] uppercase text-neutral-500">this page</span>}
                </li>
              );
            })}
          </ol>
        </div>
      )}
    </div>
  );
}
