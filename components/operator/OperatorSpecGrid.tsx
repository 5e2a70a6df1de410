// What the SparkApplication asked for, as a definition grid: how it runs, the driver, the
// executors, dynamic allocation and the restart policy. Only what the spec sets is listed.

import type { ReactNode } from 'react';
import type { OperatorSpecSummary } from '../../lib/operator/operatorApp';

type Row = [label: string, value: ReactNode, mono?: boolean];

const cores = (n: string | null) => (n ? `${n} ${n === '1' ? 'core' : 'cores'}` : null);

const joined = (...parts: (string | number | null | undefined)[]) => {
  const kept = parts.filter((p) => p !== null && p !== undefined && p !== '');
  return kept.length ? kept.join(' · ') : null;
};

function rowsOf(spec: OperatorSpecSummary): Row[] {
  const da = spec.dynamicAllocation;
  const rows: Row[] = [
    ['Type', joined(spec.type, spec.mode)],
    ['Spark', spec.sparkVersion],
    ['Image', spec.image, true],
    ['Main class', spec.mainClass, true],
    ['Main file', spec.mainFile, true],
    ['Driver', joined(cores(spec.driver.cores), spec.driver.memory)],
    ['Service account', spec.driver.serviceAccount, true],
    ['Executors', joined(spec.executor.instances !== null ? `${spec.executor.instances} ×` : null, cores(spec.executor.cores), spec.executor.memory)],
    ['Dynamic allocation', da ? (da.enabled ? joined(da.min !== null ? `min ${da.min}` : null, da.initial !== null ? `initial ${da.initial}` : null, da.max !== null ? `max ${da.max}` : null) ?? 'on' : 'off') : null],
    ['Restart policy', spec.restartPolicy],
  ];
  return rows.filter(([, v]) => v !== null && v !== undefined && v !== '');
}

export function OperatorSpecGrid({ spec }: { spec: OperatorSpecSummary }) {
  const rows = rowsOf(spec);
  if (!rows.length) return <p className="text-sm text-neutral-600 dark:text-neutral-400">The spec names nothing the dashboard reads.</p>;
  return (
    <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm" data-testid="operator-spec">
      {rows.map(([label, value, mono]) => (
        <div key={label} className="contents" data-spec={label}>
          <dt className="text-xs uppercase leading-5 tracking-wide text-neutral-600 dark:text-neutral-400">{label}</dt>
          <dd className={mono ? 'break-all font-mono text-xs leading-5' : 'break-words'}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
