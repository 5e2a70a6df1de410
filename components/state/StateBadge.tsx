import type { ExecutorPodState } from '../../lib/spark/podState';
import { cn } from '../ui/cn';
import { stateFill } from './statePattern';
import { STATE_STYLES } from './stateStyles';

/** A state as a person reads it: glyph, swatch and name (never colour alone). */
export function StateBadge({ state, count, className, title }: { state: ExecutorPodState; count?: number; className?: string; title?: string }) {
  const style = STATE_STYLES[state];
  return (
    <span title={title ?? style.description} className={cn('inline-flex items-center gap-1.5 whitespace-nowrap rounded-full border border-neutral-300 px-2 py-0.5 text-xs font-medium dark:border-neutral-700', className)}>
      <span aria-hidden className="inline-block size-2.5 rounded-sm" style={stateFill(state)} />
      <span aria-hidden className="text-[11px] leading-none" style={{ color: `var(${style.cssVar})` }}>{style.glyph}</span>
      <span>{style.label}</span>
      {count !== undefined && <span className="tabular-nums text-neutral-700 dark:text-neutral-300">{count.toLocaleString()}</span>}
    </span>
  );
}
