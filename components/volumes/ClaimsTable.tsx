// The application's claims: phase, sizes, class, access, binding, owner, who uses them, and
// whether Spark may reuse them for a new executor.

import type { ClaimView } from '../../lib/volumes/claimView';
import { cn } from '../ui/cn';

const PHASE: Record<string, string> = {
  Bound: 'text-[var(--state-succeeded)]', Pending: 'text-[var(--state-pending)]', Lost: 'text-[var(--state-failed)]',
};

/** Drops the application's resource-name prefix (the full name stays in the tooltip). */
function short(name: string, prefix?: string): string {
  return prefix && name.startsWith(`${prefix}-`) ? `…${name.slice(prefix.length)}` : name;
}

export function ClaimsTable({ claims, prefix }: { claims: readonly ClaimView[]; prefix?: string }) {
  if (!claims.length) return <p className="text-sm text-neutral-600 dark:text-neutral-400">This application has no persistent volume claims.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[760px] text-left text-xs" data-testid="claims-table">
        <thead className="uppercase tracking-wide text-neutral-600 dark:text-neutral-400">
          <tr>{['Claim', 'Phase', 'Requested', 'Capacity', 'Class', 'Access', 'Volume', 'Owner', 'Used by', 'Reusable by Spark'].map((h) => <th key={h} scope="col" className="px-2 py-1.5 font-medium">{h}</th>)}</tr>
        </thead>
        <tbody>
          {claims.map((c) => (
            <tr key={c.name} data-claim={c.name} data-phase={c.phase} className="border-t border-neutral-100 align-top dark:border-neutral-800">
              <td className="px-2 py-1.5 font-mono" title={c.name}>{short(c.name, prefix)}{c.onDemand.onDemand && <span className="ml-1 rounded bg-neutral-100 px-1 font-sans text-[10px] dark:bg-neutral-800" title={c.onDemand.evidence.join('; ')}>on demand</span>}</td>
              <td className={cn('px-2 py-1.5 font-semibold', PHASE[c.phase])}>{c.phase}{c.beingDeleted ? ' (deleting)' : ''}</td>
              <td className="px-2 py-1.5">{c.requested ?? '–'}</td>
              <td className="px-2 py-1.5">{c.capacity ?? '–'}</td>
              <td className="px-2 py-1.5">{c.storageClass ?? '–'}</td>
              <td className="px-2 py-1.5">{c.accessModes.join(', ') || '–'}</td>
              <td className="max-w-[140px] truncate px-2 py-1.5 font-mono" title={c.volumeName}>{c.volumeName ?? '–'}</td>
              <td className="px-2 py-1.5" title={c.owner ? `${c.owner.kind} ${c.owner.name}` : undefined}>{c.owner ? c.owner.role ?? c.owner.kind : 'none'}</td>
              <td className="px-2 py-1.5 font-mono" title={c.usedBy.join(', ')}>{c.usedBy.map((n) => short(n, prefix)).join(', ') || '–'}</td>
              <td className="max-w-[280px] px-2 py-1.5" title={c.reuseReason}>{c.reusableBySpark ? '✓ yes' : '✕ no'}<span className="block truncate text-[10px] text-neutral-600 dark:text-neutral-400">{c.reuseReason}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
