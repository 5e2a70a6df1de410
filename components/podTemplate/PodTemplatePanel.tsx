'use client';

// What runs in the application's pods: for the driver and the executors, every container
// (Spark's own, sidecars, init and native sidecars) with image and resources, and which fields
// Spark set versus kept from the pod template, with the container-name trap called out.

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { PodTemplateAnalysis } from '../../lib/podTemplate/templateFields';
import { appVolumesQuery, type AppRef } from '../data/queries';
import { cn } from '../ui/cn';
import { CopyButton } from '../ui/CopyButton';
import { Notice } from '../ui/Notice';
import { Skeleton } from '../ui/Skeleton';

const ROLE_LABEL = { spark: 'Spark', sidecar: 'sidecar', init: 'init', 'native-sidecar': 'native sidecar' } as const;
const SOURCE_STYLE: Record<string, string> = {
  spark: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200',
  template: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  both: 'bg-violet-100 text-violet-900 dark:bg-violet-950 dark:text-violet-200',
  cluster: 'bg-neutral-100 text-neutral-800 dark:bg-neutral-800 dark:text-neutral-200',
  unknown: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
};
const SOURCE_LABEL: Record<string, string> = { spark: 'set by Spark', template: 'from template', both: 'template, changed by Spark', cluster: 'added by Kubernetes', unknown: 'Spark or template' };

function resources(r: { requests?: Record<string, string>; limits?: Record<string, string> }): string {
  const part = (m?: Record<string, string>) => (m ? Object.entries(m).map(([k, v]) => `${k} ${v}`).join(', ') : '');
  const req = part(r.requests), lim = part(r.limits);
  return [req && `requests ${req}`, lim && `limits ${lim}`].filter(Boolean).join('; ') || 'none';
}

function RoleTemplate({ a }: { a: PodTemplateAnalysis }) {
  const [all, setAll] = useState(false);
  const interesting = a.fields.filter((f) => f.source !== 'cluster');
  const fields = all ? a.fields : interesting.slice(0, 25);
  return (
    <section aria-label={`${a.role} pod template`} data-testid={`template-${a.role}`} className="space-y-3">
      <h3 className="text-sm font-semibold">{a.role === 'driver' ? 'Driver' : 'Executors'} <span className="font-normal text-neutral-600 dark:text-neutral-400">{a.templateAvailable ? '· compared with the pod template' : '· no pod template available (inferred)'}</span></h3>
      {a.containerNameTrap && (
        <Notice tone="error" title={`Container-name trap: Spark looks for "${a.containerNameTrap.lookedFor}" but the container is "${a.containerNameTrap.containerName}"`}>
          <p>{a.containerNameTrap.message}</p>
          <p className="mt-1">Fix: <code className="font-mono">{a.containerNameTrap.fix.key}={a.containerNameTrap.fix.value}</code> <CopyButton text={`--conf ${a.containerNameTrap.fix.key}=${a.containerNameTrap.fix.value}`} label="Copy setting" /></p>
        </Notice>
      )}
      {a.notes.map((n) => <p key={n} className="text-xs text-neutral-700 dark:text-neutral-300">{n}</p>)}
      <table className="w-full text-left text-xs" data-testid={`containers-${a.role}`}>
        <thead className="uppercase tracking-wide text-neutral-600 dark:text-neutral-400"><tr>{['Container', 'Kind', 'Image', 'Resources', 'Origin'].map((h) => <th key={h} scope="col" className="px-2 py-1 font-medium">{h}</th>)}</tr></thead>
        <tbody>
          {a.containers.map((c) => (
            <tr key={c.name} data-container={c.name} className="border-t border-neutral-100 align-top dark:border-neutral-800">
              <td className="px-2 py-1 font-mono font-medium">{c.name}</td>
              <td className="px-2 py-1"><span className={cn('rounded px-1.5', c.role === 'spark' ? 'bg-[var(--state-running)] text-white' : 'bg-neutral-100 dark:bg-neutral-800')}>{ROLE_LABEL[c.role]}</span></td>
              <td className="max-w-[220px] truncate px-2 py-1 font-mono" title={c.image ?? ''}>{c.image ?? '–'}</td>
              <td className="px-2 py-1">{resources(c.resources)}</td>
              <td className="px-2 py-1" title={c.note}>{c.fromTemplate ? 'template' : 'Spark'}{c.note ? ' ⓘ' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="w-full table-fixed text-left text-xs" data-testid={`fields-${a.role}`}>
        <colgroup><col className="w-[42%]" /><col className="w-[38%]" /><col className="w-[20%]" /></colgroup>
        <thead className="uppercase tracking-wide text-neutral-600 dark:text-neutral-400"><tr>{['Field', 'Value', 'Source'].map((h) => <th key={h} scope="col" className="px-2 py-1 font-medium">{h}</th>)}</tr></thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f.path} className="border-t border-neutral-100 align-top dark:border-neutral-800">
              <td className="truncate px-2 py-1 font-mono" title={f.path}>{f.path}</td>
              <td className="truncate px-2 py-1 font-mono" title={f.value}>{f.value}</td>
              <td className="px-2 py-1"><span className={cn('whitespace-nowrap rounded px-1.5 py-0.5', SOURCE_STYLE[f.source])} title={f.note}>{SOURCE_LABEL[f.source]}{f.inferred ? ' (inferred)' : ''}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
      {(a.fields.length > fields.length || all) && (
        <button type="button" className="text-xs text-[var(--accent)] hover:underline" onClick={() => setAll(!all)}>
          {all ? 'Show fewer fields' : `Show all ${a.fields.length} fields (including what Kubernetes added)`}
        </button>
      )}
    </section>
  );
}

/** With `enabled` false it reads nothing yet and shows its loading state. */
export function PodTemplatePanelBody({ app, enabled }: { app: AppRef; enabled: boolean }) {
  const { data, error, isPending } = useQuery({ ...appVolumesQuery(app), enabled });
  if (isPending) return <Skeleton className="h-40 w-full" />;
  if (error || !data) return <Notice tone="error" title="Could not load the pod templates">{(error as Error | null)?.message}</Notice>;
  const { driver, executor } = data.templates;
  return (
    <div className="space-y-6" data-testid="pod-template-panel">
      {!driver && !executor && <Notice title="No driver or executor pod to analyse yet" />}
      {executor && <RoleTemplate a={executor} />}
      {driver && <RoleTemplate a={driver} />}
      {data.executorTemplateSource && (
        <details>
          <summary className="cursor-pointer text-xs text-[var(--accent)]">The executor pod template Spark shipped (pod-spec-template.yml)</summary>
          <div className="mt-1 flex justify-end"><CopyButton text={data.executorTemplateSource} /></div>
          <pre className="mt-1 max-h-80 overflow-auto rounded bg-neutral-50 p-2 text-xs dark:bg-neutral-950">{data.executorTemplateSource}</pre>
        </details>
      )}
    </div>
  );
}
