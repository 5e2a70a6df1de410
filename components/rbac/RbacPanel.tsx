'use client';

// Who the application's pods act as and what that identity may do: the service accounts,
// what a Spark driver needs with allowed/denied and the binding that grants it, findings
// (missing permissions, over-privilege), every binding that applies, and the least-privilege
// fix to copy. Says whether the verdicts come from the API server or from our own evaluation.

import { useQuery } from '@tanstack/react-query';
import type { AppRbacResponse } from '../../lib/apiTypes';
import type { KubePolicyRule } from '../../lib/kube/types';
import { bindingLabel } from '../../lib/rbac/rbacFindings';
import { appRbacQuery, type AppRef } from '../data/queries';
import { cn } from '../ui/cn';
import { CopyButton } from '../ui/CopyButton';
import { EventList, FindingList } from '../ui/FindingList';
import { MissingAccessList } from '../ui/MissingAccessList';
import { Notice } from '../ui/Notice';
import { Skeleton } from '../ui/Skeleton';

const ruleText = (r: KubePolicyRule) => {
  const res = (r.resources ?? []).map((x) => (r.apiGroups?.length && !(r.apiGroups.length === 1 && r.apiGroups[0] === '') ? `${x}.${r.apiGroups.join('|') || 'core'}` : x));
  return `${r.verbs.join(', ')} on ${res.length ? res.join(', ') : (r.nonResourceURLs ?? []).join(', ')}${r.resourceNames?.length ? ` named ${r.resourceNames.join(', ')}` : ''}`;
};

function Needs({ data }: { data: AppRbacResponse }) {
  if (data.verdicts === 'unavailable') return <Notice tone="warning" title="Cannot tell what the driver may do">{data.verdictNote}</Notice>;
  return (
    <table className="w-full text-left text-xs" data-testid="rbac-needs">
      <thead className="uppercase tracking-wide text-neutral-600 dark:text-neutral-400"><tr>{['Needs', 'Why', 'Verdict', 'Granted by'].map((h) => <th key={h} scope="col" className="px-2 py-1 font-medium">{h}</th>)}</tr></thead>
      <tbody>
        {data.needs.map((n) => (
          <tr key={n.need.id} data-need={n.need.id} data-allowed={n.allowed} className="border-t border-neutral-100 align-top dark:border-neutral-800">
            <td className="whitespace-nowrap px-2 py-1 font-mono">{n.need.verb} {n.need.resource}{n.need.apiGroup ? `.${n.need.apiGroup}` : ''}</td>
            <td className="px-2 py-1">{n.need.why}{n.need.when === 'onDemandClaims' ? ' (on-demand claims)' : ''}</td>
            <td className={cn('whitespace-nowrap px-2 py-1 font-semibold', n.allowed ? 'text-[var(--state-succeeded)]' : 'text-[var(--state-failed)]')}>{n.allowed ? '✓ allowed' : '✕ denied'}</td>
            <td className="px-2 py-1">{n.grantedBy ? `${bindingLabel(n.grantedBy.binding)} → ${n.grantedBy.role.kind} ${n.grantedBy.role.name}` : n.allowed ? (n.reason || '–') : n.need.impact}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every missing permission in one notice (a driver without any role lacks a dozen at once). */
function MissingPermissions({ findings, serviceAccount }: { findings: AppRbacResponse['findings']; serviceAccount: string }) {
  if (!findings.length) return null;
  const events = findings.flatMap((f) => f.events ?? []);
  return (
    <div data-finding="missing-permissions">
      <Notice tone={findings.some((f) => f.severity === 'danger') ? 'error' : 'warning'} role="status"
        title={`The driver's service account ${serviceAccount} lacks ${findings.length} permission${findings.length === 1 ? '' : 's'} a Spark driver uses`}>
        <ul className="space-y-1">
          {findings.map((f) => (
            <li key={f.id} data-finding={f.id}>
              <details>
                <summary className="cursor-pointer font-medium">{f.title}</summary>
                <p className="mt-0.5 text-xs">{f.detail}</p>
              </details>
            </li>
          ))}
        </ul>
        {events.length > 0 && (
          <div className="mt-2 text-xs" data-testid="finding-events">
            <p className="font-medium">The driver&apos;s events that these explain:</p>
            <EventList events={events} max={5} />
          </div>
        )}
        <p className="mt-2 text-xs">The least-privilege fix below grants exactly these.</p>
      </Notice>
    </div>
  );
}

/** With `enabled` false it reads nothing yet and shows its loading state. */
export function RbacPanelBody({ app, enabled }: { app: AppRef; enabled: boolean }) {
  const { namespace } = app;
  const { data, error, isPending } = useQuery({ ...appRbacQuery(app), enabled });
  if (isPending) return <Skeleton className="h-40 w-full" />;
  if (error || !data) return <Notice tone="error" title="Could not load the RBAC view">{(error as Error | null)?.message}</Notice>;
  const driver = data.serviceAccounts.find((s) => s.role === 'driver')!;
  const executor = data.serviceAccounts.find((s) => s.role === 'executor');
  return (
    <div className="space-y-4" data-testid="rbac-panel" data-verdicts={data.verdicts}>
      <p className="text-xs text-neutral-700 dark:text-neutral-300" data-testid="rbac-verdict-source">{data.verdictNote}</p>
      <MissingAccessList items={data.missingAccess} />
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-neutral-600 dark:text-neutral-400">Driver service account</dt>
        <dd><span className="font-mono">{namespace}/{driver.name}</span> {driver.exists === false && <strong className="text-[var(--state-failed)]">does not exist</strong>}{driver.exists === null && <span className="text-neutral-500">(existence unknown)</span>}</dd>
        {executor && <><dt className="text-neutral-600 dark:text-neutral-400">Executor service account</dt><dd><span className="font-mono">{namespace}/{executor.name}</span>{executor.name === driver.name ? ' (the same)' : ''} {executor.exists === false && <strong className="text-[var(--state-failed)]">does not exist</strong>}</dd></>}
        <dt className="text-neutral-600 dark:text-neutral-400">On-demand claims</dt><dd>{data.usesOnDemandClaims ? 'yes: the driver also needs persistentvolumeclaims create, list and delete' : 'no'}</dd>
      </dl>
      <FindingList findings={data.findings.filter((f) => !f.id.startsWith('missing:'))} empty={data.findings.length ? undefined : 'Nothing missing and nothing excessive found.'} />
      <MissingPermissions findings={data.findings.filter((f) => f.id.startsWith('missing:'))} serviceAccount={`${namespace}/${driver.name}`} />
      <section aria-label="What a Spark driver needs">
        <h3 className="mb-1 text-sm font-semibold">What a Spark driver needs</h3>
        <Needs data={data} />
      </section>
      {data.fix && (
        <section aria-label="Least-privilege fix">
          <div className="mb-1 flex items-center justify-between"><h3 className="text-sm font-semibold">The fix: grant exactly what is missing</h3><CopyButton text={data.fix.yaml} label="Copy YAML" /></div>
          <pre className="max-h-80 overflow-auto rounded bg-neutral-50 p-2 text-xs dark:bg-neutral-950" data-testid="rbac-fix">{data.fix.yaml}</pre>
        </section>
      )}
      <section aria-label="Bindings">
        <h3 className="mb-1 text-sm font-semibold">Bindings that apply to {driver.name} ({driver.bindings.length})</h3>
        {driver.bindings.length === 0 ? <p className="text-sm text-neutral-600 dark:text-neutral-400">No Role or ClusterRole is bound to this service account or its groups.</p> : (
          <ul className="space-y-2 text-xs" data-testid="rbac-bindings">
            {driver.bindings.map((b) => (
              <li key={`${b.binding.kind}/${b.binding.namespace ?? ''}/${b.binding.name}/${b.subject.kind}/${b.subject.name}`} className="rounded border border-neutral-200 p-2 dark:border-neutral-800">
                <p><span className="font-semibold">{bindingLabel(b.binding)}</span> → {b.role.kind} <span className="font-mono">{b.role.name}</span>{!b.roleExists && <strong className="text-[var(--state-failed)]"> (role not found)</strong>} · via {b.subject.kind} <span className="font-mono">{b.subject.name}</span></p>
                <ul className="mt-1 list-disc pl-5">{b.rules.map((r, i) => <li key={i} className="font-mono">{ruleText(r)}</li>)}</ul>
                {b.aggregation && !b.aggregation.upToDate && <p className="mt-1 text-neutral-600 dark:text-neutral-400">Aggregated role: its stored rules are what counts; a controller would aggregate {b.aggregation.wouldAggregate.length} rule(s).</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
