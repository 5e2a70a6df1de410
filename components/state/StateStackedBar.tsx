import type { StateCounts } from '../../lib/snapshot/appSummary';
import { EXECUTOR_POD_STATES } from '../../lib/spark/podState';
import { cn } from '../ui/cn';
import { stateFill } from './statePattern';
import { STATE_STYLES } from './stateStyles';

/** Executors per state as one compact bar; the accessible name spells out every count. */
export function StateStackedBar({ counts, className }: { counts: StateCounts; className?: string }) {
  const total = EXECUTOR_POD_STATES.reduce((n, s) => n + counts[s], 0);
  const label = total === 0 ? 'no executors' : EXECUTOR_POD_STATES.filter((s) => counts[s]).map((s) => `${counts[s]} ${STATE_STYLES[s].label.toLowerCase()}`).join(', ');
  return (
    <div role="img" aria-label={label} title={label} className={cn('flex h-3 w-full min-w-24 overflow-hidden rounded-sm bg-neutral-100 dark:bg-neutral-800', className)}>
      {total > 0 && EXECUTOR_POD_STATES.map((s) => counts[s] > 0 && (
        <span key={s} className="h-full" style={{ ...stateFill(s), width: `${(counts[s] / total) * 100}%`, minWidth: 2 }} />
      ))}
    </div>
  );
}
