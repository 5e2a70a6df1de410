// One application on the wall: big numbers, a state bar, and an unmistakable mark when it
// failed or is stuck pending. An operator application without pods has no numbers: its
// operator's state and, when the submission failed, the error stand in for them.

import { operatorNameOf } from '../../lib/operator/operatorApp';
import type { Attention } from '../../lib/overview/attention';
import type { AppSummary } from '../../lib/snapshot/appSummary';
import { OperatorChip } from '../operator/OperatorChip';
import { operatorCauseLine } from '../operator/operatorText';
import { STATE_STYLES } from '../state/stateStyles';
import { StateStackedBar } from '../state/StateStackedBar';
import { cn } from '../ui/cn';
import { formatDuration } from '../ui/format';

export function WallTile({ app, attention, now, compact, why }: { app: AppSummary; attention: Attention; now: number; compact: boolean; why?: string }) {
  const driver = app.driver ? STATE_STYLES[app.driver.state] : null;
  const podless = operatorNameOf(app.appId) !== null;
  const cause = why ?? (app.operator && !app.driver ? operatorCauseLine(app.operator) ?? undefined : undefined);
  return (
    <article data-testid="wall-tile" data-attention={attention} data-app-key={app.key} data-cluster={app.cluster}
      className={cn('flex flex-col gap-2 rounded-xl border-2 bg-white p-4 dark:bg-neutral-900',
        attention === 'failed' ? 'border-[var(--state-failed)] shadow-[0_0_0_3px_var(--state-failed)]' : attention === 'stuck-pending' ? 'border-[var(--state-pending)] border-dashed' : 'border-neutral-300 dark:border-neutral-700')}>
      <div className="flex items-start justify-between gap-3">
        <h2 className={cn('min-w-0 truncate font-semibold', compact ? 'text-xl' : 'text-2xl')} title={app.appName ?? app.appId}>{app.appName ?? app.appId}</h2>
        {attention === 'failed' && <span className="shrink-0 rounded bg-[var(--state-failed)] px-2 py-0.5 text-lg font-black text-black">✕ FAILED</span>}
        {attention === 'stuck-pending' && <span className="shrink-0 rounded bg-[var(--state-pending)] px-2 py-0.5 text-lg font-black text-black">◷ STUCK</span>}
      </div>
      <p className="truncate text-base text-neutral-600 dark:text-neutral-400">{app.cluster} · {app.namespace} · {podless ? 'no pods yet' : `driver ${driver ? `${driver.glyph} ${driver.label.toLowerCase()}` : 'not seen'}`} · {formatDuration(now - (app.createdAt ?? now))}</p>
      {app.operator && <div className="-mt-1 flex"><OperatorChip operator={app.operator} size={compact ? 'sm' : 'md'} /></div>}
      {podless ? (
        <p className={cn('line-clamp-3 break-words font-mono leading-snug text-neutral-800 dark:text-neutral-200', compact ? 'text-sm' : 'text-base')} title={cause ?? undefined} data-testid="wall-why" data-podless>
          {cause ?? 'The operator has not created a driver yet.'}
        </p>
      ) : (
        <>
          <dl className={cn('grid grid-cols-3 gap-2 tabular-nums', compact ? 'text-2xl' : 'text-4xl')}>
            <div><dt className="text-sm uppercase text-neutral-600 dark:text-neutral-400">▶ running</dt><dd className="font-bold text-[var(--state-running)]">{app.counts.running}</dd></div>
            <div><dt className="text-sm uppercase text-neutral-600 dark:text-neutral-400">◷ pending</dt><dd className="font-bold text-[var(--state-pending)]">{app.counts.pending}</dd></div>
            <div><dt className="text-sm uppercase text-neutral-600 dark:text-neutral-400">✕ failed</dt><dd className="font-bold text-[var(--state-failed)]">{app.counts.failed}</dd></div>
          </dl>
          <StateStackedBar counts={app.counts} className="h-4" />
          {cause && <p className="line-clamp-2 text-lg leading-snug text-neutral-800 dark:text-neutral-200" title={cause} data-testid="wall-why">{cause}</p>}
        </>
      )}
    </article>
  );
}
