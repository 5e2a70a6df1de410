'use client';

// The Spark operator's side of an application, near the top of its page: which operator runs
// it and under which resource name, the state it reports (with its own word) and the error it
// recorded, the state history, each attempt's Spark application, what the spec asked for, the
// executors whose state the operator sees differently from Spark, and the schedule that runs
// it. Drawn only for an application an operator runs; on any application page it also says
// when the cluster serves operator kinds the dashboard may not read. Text only: messages come
// from the cluster and are never rendered as markup.

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { AppOperatorResponse } from '../../lib/apiTypes';
import type { OperatorApp } from '../../lib/operator/operatorApp';
import { operatorNameOf } from '../../lib/operator/operatorApp';
import type { AppPanelProps } from '../application/appPanelRegistry';
import { appOperatorQuery } from '../data/queries';
import { CopyButton } from '../ui/CopyButton';
import { formatAge, formatDateTime } from '../ui/format';
import { Notice } from '../ui/Notice';
import { Skeleton } from '../ui/Skeleton';
import { cn } from '../ui/cn';
import { ExecutorStateDisagreements } from './ExecutorStateDisagreements';
import { OperatorAccessNotice } from './OperatorAccessNotice';
import { OperatorAttempts } from './OperatorAttempts';
import { OperatorPhaseBadge } from './OperatorPhaseBadge';
import { OPERATOR_NAMES, OPERATOR_PHASE_STYLES } from './operatorPhaseStyles';
import { OperatorScheduleBlock } from './OperatorScheduleBlock';
import { OperatorSpecGrid } from './OperatorSpecGrid';
import { OperatorStateHistory } from './OperatorStateHistory';
import { OPERATOR_KIND } from './operatorText';

function Heading({ children }: { children: ReactNode }) {
  return <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-neutral-600 dark:text-neutral-400">{children}</h3>;
}

/** "Kubeflow Spark operator · SparkApplication spark-pi · scheduled by nightly" */
function Description({ app }: { app: OperatorApp }) {
  return (
    <span data-testid="operator-identity">
      {OPERATOR_NAMES[app.operator]} · {OPERATOR_KIND} <span className="font-mono text-neutral-800 dark:text-neutral-200">{app.name}</span>
      {app.scheduledBy && <> · scheduled by <span className="font-mono">{app.scheduledBy}</span></>}
      <span className="ml-1 font-mono text-[10px] text-neutral-500">({app.apiVersion})</span>
    </span>
  );
}

/** The error the operator recorded, whole: monospace, wrapped, copyable. */
function RecordedError({ app }: { app: OperatorApp }) {
  if (!app.errorMessage) return null;
  const bad = OPERATOR_PHASE_STYLES[app.phase].tone === 'bad';
  return (
    <div className={cn('rounded border px-3 py-2', bad ? 'border-red-200 bg-red-50 dark:border-red-900 dark:bg-red-950/30' : 'border-neutral-200 bg-neutral-50 dark:border-neutral-700 dark:bg-neutral-800/50')}>
      <div className="mb-1 flex items-center justify-between gap-2">
        <span className="text-xs font-semibold text-neutral-700 dark:text-neutral-300">What the operator recorded</span>
        <CopyButton text={app.errorMessage} />
      </div>
      <pre className="max-h-48 overflow-auto whitespace-pre-wrap break-words font-mono text-xs text-neutral-900 dark:text-neutral-100" data-testid="operator-error">{app.errorMessage}</pre>
    </div>
  );
}

function OperatorDetails({ data, shownAppId, now }: { data: AppOperatorResponse & { app: OperatorApp }; shownAppId: string; now: number }) {
  const { app } = data;
  const since = app.history[app.history.length - 1]?.at ?? null;
  return (
    <div className="space-y-4" data-testid="operator-panel" data-phase={app.phase} data-operator={app.operator}>
      <OperatorAccessNotice availability={data.availability} />
      <div className="grid gap-x-6 gap-y-4 md:grid-cols-2 xl:grid-cols-3">
        <section aria-label="State" className="min-w-0 space-y-3">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <OperatorPhaseBadge phase={app.phase} raw={app.rawState} size="lg" />
            {since !== null && <span className="text-xs text-neutral-600 dark:text-neutral-400" title={formatDateTime(since)}>for {formatAge(since, now)}</span>}
          </div>
          <RecordedError app={app} />
          {(app.driverPodName || app.uiService) && (
            <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-sm">
              {app.driverPodName && <><dt className="text-xs uppercase leading-5 tracking-wide text-neutral-600 dark:text-neutral-400">Driver pod</dt><dd className="truncate font-mono text-xs leading-5" title={app.driverPodName}>{app.driverPodName}</dd></>}
              {app.uiService && <><dt className="text-xs uppercase leading-5 tracking-wide text-neutral-600 dark:text-neutral-400">UI service</dt><dd className="truncate font-mono text-xs leading-5">{app.uiService.name}{app.uiService.port !== null ? `:${app.uiService.port}` : ''}</dd></>}
            </dl>
          )}
          <OperatorAttempts app={app} attempts={data.attempts} shownAppId={shownAppId} now={now} />
        </section>
        <section aria-label="State history" className="min-w-0">
          <Heading>State history</Heading>
          <OperatorStateHistory history={app.history} now={now} />
        </section>
        <section aria-label="Spec" className="min-w-0 md:col-span-2 xl:col-span-1">
          <Heading>Spec</Heading>
          <OperatorSpecGrid spec={app.spec} />
        </section>
      </div>
      <ExecutorStateDisagreements disagreements={data.disagreements} mapped={Object.keys(app.executorStates).length} />
      {data.schedule && (
        <div className="border-t border-neutral-200 pt-3 dark:border-neutral-800">
          <OperatorScheduleBlock schedule={data.schedule} shownName={app.name} now={now} />
        </div>
      )}
    </div>
  );
}

export function OperatorPanel({ view, Frame }: AppPanelProps) {
  const { app: ref, summary } = view;
  const query = useQuery(appOperatorQuery(ref));
  // Whether the page already knows an operator runs it: then loading and errors are worth a frame.
  const expected = !!summary?.operator || operatorNameOf(ref.appId) !== null;
  const data = query.data;
  if (!data) {
    if (query.isError && expected) return <Frame><Notice tone="error" title="Could not load the operator's record">{(query.error as Error).message}</Notice></Frame>;
    if (query.isLoading && expected) return <Frame><Skeleton className="h-40 w-full" /></Frame>;
    return view.embedded ? <Frame><p className="text-sm text-neutral-600 dark:text-neutral-400">{query.isLoading ? 'Loading…' : 'No Spark operator resource is known for this application.'}</p></Frame> : null;
  }
  if (!data.app) {
    if (data.availability.missingAccess.length) return <Frame><OperatorAccessNotice availability={data.availability} /></Frame>;
    return view.embedded ? <Frame><p className="text-sm text-neutral-600 dark:text-neutral-400" data-testid="operator-quiet">No Spark operator resource is known for this application.</p></Frame> : null;
  }
  return (
    <Frame description={<Description app={data.app} />}>
      <OperatorDetails data={data as AppOperatorResponse & { app: OperatorApp }} shownAppId={ref.appId} now={view.now} />
    </Frame>
  );
}
