'use client';

// Why the application's pods are not running, at the top of its page: the driver's cause when
// it is not running, then the executors' causes grouped, largest first ("28 pending: 12 of 12
// nodes lack cpu"), each with what Kubernetes said verbatim; in the executor drawer, one pod's
// cause and log tail. Text only: messages and event text come from the cluster and are never
// rendered as markup.

import { useEffect, useRef } from 'react';
import type { AppWhyResponse, LogTail } from '../../lib/apiTypes';
import type { PodCause } from '../../lib/why/podCause';
import type { AppPanelProps, DrawerPartProps } from '../application/appPanelRegistry';
import { StateBadge } from '../state/StateBadge';
import { formatAge } from '../ui/format';
import { Notice } from '../ui/Notice';
import { EventList } from './EventList';

function Said({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <details className="mt-1 text-xs">
      <summary className="cursor-pointer text-neutral-600 hover:text-neutral-900 dark:text-neutral-400 dark:hover:text-neutral-100">What Kubernetes said</summary>
      <p className="mt-1 whitespace-pre-wrap break-words rounded bg-neutral-100 px-2 py-1 font-mono text-[11px] text-neutral-800 dark:bg-neutral-800 dark:text-neutral-200" data-testid="why-message">{message}</p>
    </details>
  );
}

/** The exception a log tail ends with, and its Caused-by chain: what to read first. */
export function LoggedExceptionView({ tail }: { tail: LogTail }) {
  const e = tail.exception;
  if (!e) return null;
  return (
    <div className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm dark:border-red-900 dark:bg-red-950/30" data-testid="logged-exception">
      <p className="break-words font-mono text-xs"><span className="font-semibold">{e.type}</span>{e.message ? `: ${e.message}` : ''}</p>
      {e.causedBy.map((c, i) => (
        <p key={i} className="mt-1 break-words font-mono text-xs text-neutral-700 dark:text-neutral-300">Caused by: <span className="font-semibold">{c.type}</span>{c.message ? `: ${c.message}` : ''}</p>
      ))}
    </div>
  );
}

/** A failed container's last log lines (text only), with what they say picked out. */
export function LogTailView({ tail, now }: { tail: LogTail; now: number }) {
  // The end is what matters: open scrolled to the last line.
  const box = useRef<HTMLPreElement>(null);
  useEffect(() => { if (box.current) box.current.scrollTop = box.current.scrollHeight; }, [tail.text]);
  if (tail.error) return <Notice tone="warning" title="No log tail">{tail.error}</Notice>;
  return (
    <div className="space-y-2" data-testid="log-tail">
      <LoggedExceptionView tail={tail} />
      {tail.executorRequests.length > 0 && (
        <ul className="space-y-1 text-xs">
          {tail.executorRequests.map((f) => <li key={f.line} className="break-words" data-request-kind={f.kind}>Executors refused ({f.kind}): {f.text}</li>)}
        </ul>
      )}
      <p className="text-xs text-neutral-600 dark:text-neutral-400">Last lines of {tail.container}, read {formatAge(tail.at, now)} ago{tail.truncated ? ' (cut at the size limit: older lines are missing)' : ''}</p>
      <pre ref={box} className="max-h-72 overflow-auto whitespace-pre-wrap break-words rounded bg-neutral-950 p-2 font-mono text-[11px] leading-snug text-neutral-100" data-testid="log-tail-text">{tail.text || '(empty)'}</pre>
    </div>
  );
}

export function CauseText({ cause }: { cause: PodCause }) {
  return (
    <div>
      <p className="text-sm text-neutral-900 dark:text-neutral-100" data-testid="cause-text">{cause.text}</p>
      {cause.scheduling?.preemption && <p className="text-xs text-neutral-600 dark:text-neutral-400">Preemption: {cause.scheduling.preemption}</p>}
      <Said message={cause.message} />
    </div>
  );
}

/** Whether the answer has anything to say: a healthy application gets no Why panel on its page. */
function hasCauses(why: AppWhyResponse): boolean {
  return !!(why.driver?.cause || why.driver?.logTail?.exception) || why.groups.length > 0 || why.refusals.length > 0 || !why.eventsReadable;
}

/** What an embedded Why panel says when there is nothing to explain, or nothing it may explain. */
function quietLine(view: AppPanelProps['view']): string {
  if (view.recorded) return 'Causes are kept for applications in the cluster; this one is only in the record.';
  if (view.at !== null) return 'Causes are shown for the present only: go back to live to see them.';
  if (!view.why) return 'Loading…';
  return "Nothing keeps this application's pods from running.";
}

export function WhyPanel({ view, Frame }: AppPanelProps) {
  const why = view.why;
  if (!why || !hasCauses(why)) {
    return view.embedded ? <Frame><p className="text-sm text-neutral-600 dark:text-neutral-400" data-testid="why-quiet">{quietLine(view)}</p></Frame> : null;
  }
  const driver = why.driver?.cause || why.driver?.logTail?.exception ? why.driver : null;
  return (
    <Frame>
      <div className="space-y-3" data-testid="why-panel">
        {driver && (
          <div data-testid="why-driver">
            <p className="text-xs font-semibold uppercase tracking-wide text-neutral-600 dark:text-neutral-400">Driver {driver.name}</p>
            {driver.cause && <CauseText cause={driver.cause} />}
            {driver.logTail?.exception && <div className="mt-1"><LoggedExceptionView tail={driver.logTail} /></div>}
          </div>
        )}
        {why.refusals.length > 0 && (
          <div data-testid="why-refusals">
            <p className="text-xs font-semibold uppercase tracking-wide text-neutral-600 dark:text-neutral-400">New executors</p>
            <ul className="mt-1 space-y-1">
              {why.refusals.map((f) => (
                <li key={`${f.object}-${f.resource}-${f.text}`} className="flex items-start gap-2 text-sm" data-refused={f.refused} data-quota-kind={f.kind}>
                  <span aria-hidden className={f.refused ? 'font-bold text-[var(--state-failed)]' : 'font-bold text-[var(--state-pending)]'}>{f.refused ? '✕' : '!'}</span>
                  <span className="sr-only">{f.refused ? 'Refused:' : 'Almost full:'}</span>
                  <span className="break-words">{f.text}</span>
                </li>
              ))}
            </ul>
            <p className="mt-1 text-xs text-neutral-600 dark:text-neutral-400">The API refuses such pods before they exist, so no executor shows it: Spark&apos;s driver logs the refusal and asks again.</p>
          </div>
        )}
        {why.groups.length > 0 && (
          <ul className="space-y-2">
            {why.groups.slice(0, 8).map((g) => {
              const cause = why.causes.find((c) => c.kind === g.kind && c.text === g.text);
              return (
                <li key={`${g.state}-${g.kind}-${g.text}`} className="flex items-start gap-3" data-testid="why-group" data-cause-kind={g.kind}>
                  <StateBadge state={g.state} count={g.count} className="mt-0.5 shrink-0" />
                  <div className="min-w-0">{cause ? <CauseText cause={cause} /> : <p className="text-sm">{g.text}</p>}</div>
                </li>
              );
            })}
            {why.groups.length > 8 && <li className="text-xs text-neutral-600 dark:text-neutral-400">and {why.groups.length - 8} more causes (see each executor)</li>}
          </ul>
        )}
        {!why.eventsReadable && why.eventsProblem && <Notice tone="warning" title="Events are not available">{why.eventsProblem}</Notice>}
        {driver && driver.events.length > 0 && (
          <details>
            <summary className="cursor-pointer text-xs text-neutral-600 hover:text-neutral-900 dark:text-neutral-400">Events of the driver ({driver.events.length})</summary>
            <div className="mt-2"><EventList events={driver.events} now={view.now} /></div>
          </details>
        )}
      </div>
    </Frame>
  );
}

/** The drawer's why for one pod: its cause while it is not running (an ended pod's exit reason says more), and its log tail. */
export function PodWhySections({ row, pod, now, Section }: DrawerPartProps) {
  const why = pod?.why;
  if (!why) return null;
  const ended = !!(pod.view ?? pod.lastKnownView)?.exitReason;
  return (
    <>
      {why.cause && !ended && (
        <Section title={row.state === 'pending' ? 'Why it is pending' : 'Why'}>
          <CauseText cause={why.cause} />
        </Section>
      )}
      {why.logTail && (
        <Section title="Log tail">
          <LogTailView tail={why.logTail} now={now} />
        </Section>
      )}
    </>
  );
}
