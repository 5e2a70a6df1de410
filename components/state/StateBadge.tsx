import type { ExecutorPodState } from '../../lib/spark/podState';
import { cn } from '../ui/cn';
import { stateFill } from './statePattern';
import { STATE_STYLES } from './stateStyles';

/** A state as a person reads it: glyph, swatch and name (never colour alone). */
export function StateBadge({ state, count, className, title, size = 'sm' }: { state: ExecutorPodState; count?: number; className?: string; title?: string; size?: 'sm' | 'lg' }) {
  const style = STATE_STYLES[state];
  const lg = size === 'lg';
  return (
    <span title={title ?? style.description} className={cn('inline-flex items-center whitespace-nowrap rounded-full border border-neutral-300 font-medium dark:border-neutral-700', lg ? 'gap-2 px-3 py-1 text-xl' : 'gap-1.5 px-2 py-0.5 text-xs', className)}>
      <span aria-hidden className={cn('inline-block rounded-sm', lg ? 'size-4' : 'size-2.5')} style={stateFill(state)} />
      <span aria-hidden className={lg ? 'leading-none' : 'text-[11px] leading-none'} style={{ color: `var(${style.cssVar})` }}>{style.glyph}</span>
      <span>{style.label}</span>
      {count !== undefined && <span className="tabular-nums text-neutral-700 dark:text-neutral-300">{count.toLocaleString()}</span>}
    </span>
  );
}
