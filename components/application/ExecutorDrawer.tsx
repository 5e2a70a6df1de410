'use client';

// One pod in detail, beside the page: its containers and their states, the exit reason in
// words and Spark's own loss message (to find it in the driver log), restarts, node, labels,
// conditions, and the timestamps behind each transition. The full object is fetched on open.
// The application's panels add their part about the pod (its cause and log tail, its events)
// or a link to themselves, as the panel registry declares.

import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { KubeContainerState, KubeContainerStatus } from '../../lib/kube/types';
import type { ExecutorRow } from '../../lib/snapshot/executorRow';
import { stateOfCode } from '../../lib/snapshot/executorRow';
import { podQuery, type AppRef } from '../data/queries';
import { LogFollowView } from '../why/LogFollowView';
import { StateBadge } from '../state/StateBadge';
import { Notice } from '../ui/Notice';
import { Skeleton } from '../ui/Skeleton';
import { formatDateTime, formatDuration } from '../ui/format';
import { APP_PANELS, type AppPanelDef } from './appPanelRegistry';

function describeState(s: KubeContainerState | null | undefined): string {
  if (s?.running) return `running since ${s.running.startedAt ?? '?'}`;
  if (s?.terminated) return `terminated: exit ${s.terminated.exitCode ?? '?'}${s.terminated.reason ? ` (${s.terminated.reason})` : ''}${s.terminated.finishedAt ? ` at ${s.terminated.finishedAt}` : ''}`;
  if (s?.waiting) return `waiting: ${s.waiting.reason ?? 'no reason given'}`;
  return 'no state reported';
}

/** Where the drawer links a panel: its anchor on the page, the application page from an embed, or nowhere (not shown). */
export type PanelLink = (def: AppPanelDef) => { href: string; newTab: boolean } | null;

const DRAWER_PARTS = APP_PANELS.flatMap((p) => (p.drawer && p.drawer !== 'link' ? [{ id: p.id, Part: p.drawer }] : []));
const LINKED_PANELS = APP_PANELS.filter((p) => p.drawer === 'link');

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="border-t border-neutral-200 px-4 py-3 dark:border-neutral-800">
      <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-neutral-600 dark:text-neutral-400">{title}</h3>
      {children}
    </section>
  );
}

export function ExecutorDrawer({ row, app, now, onClose, panelLink }: { row: ExecutorRow; app: AppRef; now: number; onClose: () => void; panelLink: PanelLink }) {
  const pod = useQuery(podQuery(app.cluster, app.namespace, row.name));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => { heading.current?.focus(); }, [row.uid]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const view = pod.data?.view ?? pod.data?.lastKnownView ?? null;
  const object = pod.data?.pod ?? pod.data?.lastKnown ?? null;
  const statuses = new Map<string, KubeContainerStatus>((object?.status?.containerStatuses ?? []).concat(object?.status?.initContainerStatuses ?? []).map((s) => [s.name ?? '', s]));
  const containers = [...(object?.spec?.initContainers ?? []).map((c) => ({ c, init: true })), ...(object?.spec?.containers ?? []).map((c) => ({ c, init: false }))];
  const links = LINKED_PANELS.flatMap((def) => { const link = panelLink(def); return link ? [{ def, link }] : []; });
  const title = row.role === 'driver' ? 'Driver' : row.executorId !== null ? `Executor ${row.executorId}` : 'Executor (not registered)';

  return (
    <aside role="dialog" aria-modal="false" aria-labelledby="drawer-title" data-testid="executor-drawer" data-pod={row.name}
      className="fixed inset-y-0 right-0 z-40 flex w-full max-w-xl flex-col border-l border-neutral-200 bg-white shadow-2xl dark:border-neutral-800 dark:bg-neutral-900">
      <header className="flex items-start gap-3 px-4 py-3">
        <div className="min-w-0 flex-1">
          <h2 id="drawer-title" ref={heading} tabIndex={-1} className="text-lg font-semibold outline-none">{title}</h2>
          <p className="truncate font-mono text-xs text-neutral-600 dark:text-neutral-400" title={row.name}>{row.name}</p>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <StateBadge state={row.state} />
            {row.deleting && <span className="text-xs font-medium text-[var(--state-failed)]">deletion requested, still running</span>}
            {row.gone && <span className="text-xs text-neutral-600 dark:text-neutral-400">no longer in the cluster</span>}
            {row.inactive && <span className="text-xs text-neutral-600 dark:text-neutral-400">inactive (spark-exec-inactive=true)</span>}
          </div>
        </div>
        <button type="button" onClick={onClose} aria-label="Close details" className="rounded p-1 text-xl leading-none hover:bg-neutral-100 dark:hover:bg-neutral-800">×</button>
      </header>
      <div className="flex-1 overflow-y-auto">
        {pod.isError && <div className="px-4 pb-3"><Notice tone={(pod.error as { status?: number }).status === 403 ? 'warning' : 'error'} title="The pod object could not be loaded">{(pod.error as Error).message}</Notice></div>}
        {pod.data?.note && <div className="px-4 pb-3"><Notice title={pod.data.note} /></div>}
        {row.anomaly && <div className="px-4 pb-3"><Notice tone="warning" title="Spark itself could not read this pod">{row.anomaly}</Notice></div>}

        {view?.exitReason && (
          <Section title="Why it ended">
            <p className="font-medium">{view.exitReason.headline}</p>
            <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
              {view.exitReason.containerName && <><dt className="text-neutral-600 dark:text-neutral-400">Container</dt><dd className="font-mono text-xs">{view.exitReason.containerName}</dd></>}
              {view.exitReason.exitCode !== undefined && <><dt className="text-neutral-600 dark:text-neutral-400">Exit code</dt><dd>{view.exitReason.exitCode}{view.exitReason.exitCodeMeaning ? ` — ${view.exitReason.exitCodeMeaning}` : ''}</dd></>}
              {view.exitReason.containerReason && <><dt className="text-neutral-600 dark:text-neutral-400">Reason</dt><dd>{view.exitReason.containerReason}</dd></>}
              {view.exitReason.containerMessage && <><dt className="text-neutral-600 dark:text-neutral-400">Message</dt><dd className="whitespace-pre-wrap break-words">{view.exitReason.containerMessage}</dd></>}
              {view.exitReason.podReason && <><dt className="text-neutral-600 dark:text-neutral-400">Pod reason</dt><dd>{view.exitReason.podReason}</dd></>}
              {view.exitReason.podMessage && <><dt className="text-neutral-600 dark:text-neutral-400">Pod message</dt><dd className="break-words">{view.exitReason.podMessage}</dd></>}
            </dl>
            {view.sparkLossMessage && (
              <details className="mt-2">
                <summary className="cursor-pointer text-sm text-[var(--accent)]">What Spark&apos;s driver logs for this loss</summary>
                <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded bg-neutral-50 p-2 text-xs dark:bg-neutral-950" data-testid="spark-loss-message">{view.sparkLossMessage}</pre>
              </details>
            )}
          </Section>
        )}

        {DRAWER_PARTS.map(({ id, Part }) => <Part key={id} row={row} pod={pod.data} now={now} Section={Section} />)}

        {row.state === 'running' && !row.gone && (row.role === 'driver' || row.role === 'executor') && (
          <Section title="Live log">
            <LogFollowView key={row.uid} cluster={app.cluster} namespace={app.namespace} name={row.name} />
          </Section>
        )}

        <Section title="State transitions">
          <ol className="space-y-1 text-sm" data-testid="drawer-transitions">
            {row.tr.map(([code, at], i) => {
              const next = row.tr[i + 1]?.[1] ?? (row.gone ? at : now);
              return (
                <li key={`${code}-${at}-${i}`} className="flex items-center gap-2">
                  <StateBadge state={stateOfCode(code)} />
                  <time className="font-mono text-xs tabular-nums" dateTime={new Date(at).toISOString()}>{formatDateTime(at)}</time>
                  <span className="text-xs text-neutral-600 dark:text-neutral-400">{i < row.tr.length - 1 || !row.gone ? formatDuration(next - at) : ''}</span>
                </li>
              );
            })}
          </ol>
          <p className="mt-2 text-xs text-neutral-600 dark:text-neutral-400">Times come from the pod itself: creation, container start and finish, deletion; a change the dashboard saw live is dated when it saw it.</p>
        </Section>

        <Section title="Pod">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="text-neutral-600 dark:text-neutral-400">Phase</dt><dd>{row.phase ?? 'none'}</dd>
            <dt className="text-neutral-600 dark:text-neutral-400">Node</dt><dd className="font-mono text-xs">{row.node ?? 'not scheduled'}</dd>
            <dt className="text-neutral-600 dark:text-neutral-400">Restarts</dt><dd>{row.restarts}</dd>
            <dt className="text-neutral-600 dark:text-neutral-400">Created</dt><dd>{formatDateTime(row.createdAt)}</dd>
            <dt className="text-neutral-600 dark:text-neutral-400">Started</dt><dd>{formatDateTime(row.startedAt)}</dd>
            <dt className="text-neutral-600 dark:text-neutral-400">Finished</dt><dd>{formatDateTime(row.finishedAt)}</dd>
            <dt className="text-neutral-600 dark:text-neutral-400">Deletion</dt><dd>{formatDateTime(row.deletedAt)}</dd>
            {object?.status?.podIP && <><dt className="text-neutral-600 dark:text-neutral-400">Pod IP</dt><dd className="font-mono text-xs">{object.status.podIP}</dd></>}
            {object?.spec?.serviceAccountName && <><dt className="text-neutral-600 dark:text-neutral-400">Service account</dt><dd className="font-mono text-xs">{object.spec.serviceAccountName}</dd></>}
            {object?.status?.qosClass && <><dt className="text-neutral-600 dark:text-neutral-400">QoS class</dt><dd>{object.status.qosClass}</dd></>}
          </dl>
        </Section>

        <Section title="Containers">
          {pod.isLoading && <Skeleton className="h-16 w-full" />}
          <ul className="space-y-2">
            {containers.map(({ c, init }) => {
              const st = statuses.get(c.name);
              return (
                <li key={`${init}-${c.name}`} className="rounded border border-neutral-200 p-2 text-sm dark:border-neutral-800" data-container={c.name}>
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-mono font-medium">{c.name}</span>
                    {init && <span className="rounded bg-neutral-100 px-1.5 text-xs dark:bg-neutral-800">{c.restartPolicy === 'Always' ? 'native sidecar' : 'init'}</span>}
                    {st?.ready !== undefined && <span className="text-xs text-neutral-600 dark:text-neutral-400">{st.ready ? 'ready' : 'not ready'}</span>}
                    {!!st?.restartCount && <span className="text-xs">restarts {st.restartCount}</span>}
                  </div>
                  <p className="truncate font-mono text-xs text-neutral-600 dark:text-neutral-400" title={c.image}>{c.image}</p>
                  <p className="text-xs">{describeState(st?.state)}</p>
                  {st?.lastState && Object.keys(st.lastState).length > 0 && <p className="text-xs text-neutral-600 dark:text-neutral-400">before: {describeState(st.lastState)}</p>}
                </li>
              );
            })}
          </ul>
        </Section>

        {object?.status?.conditions && (
          <Section title="Conditions">
            <ul className="space-y-1 text-xs">
              {object.status.conditions.map((c) => (
                <li key={c.type}><span className="font-medium">{c.type}</span> {c.status}{c.reason ? ` · ${c.reason}` : ''}{c.message ? ` — ${c.message}` : ''}</li>
              ))}
            </ul>
          </Section>
        )}

        {links.length > 0 && (
          <Section title="Volumes and containers">
            <p className="text-sm">This pod&apos;s volumes, claims and containers are shown with the whole application&apos;s:{' '}
              {links.map(({ def, link }, i) => (
                <span key={def.id}>
                  <a href={link.href} onClick={link.newTab ? undefined : onClose} target={link.newTab ? '_blank' : undefined} rel={link.newTab ? 'noopener' : undefined}
                    className="text-[var(--accent)] hover:underline">{def.title}</a>
                  {i < links.length - 2 ? ', ' : i === links.length - 2 ? ' and ' : '.'}
                </span>
              ))}
            </p>
          </Section>
        )}

        {object?.metadata?.labels && (
          <Section title="Labels">
            <ul className="flex flex-wrap gap-1">
              {Object.entries(object.metadata.labels).map(([k, v]) => (
                <li key={k} className="rounded bg-neutral-100 px-1.5 py-0.5 font-mono text-xs dark:bg-neutral-800">{k}={v}</li>
              ))}
            </ul>
          </Section>
        )}
      </div>
    </aside>
  );
}
