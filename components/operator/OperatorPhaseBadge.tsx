// A phase as the operator reports it: glyph, swatch and name in the phase's colour, with the
// operator's own state word beside it (RUNNING, SUBMISSION_FAILED, RunningHealthy…).

import type { OperatorPhase } from '../../lib/operator/operatorApp';
import { cn } from '../ui/cn';
import { OPERATOR_PHASE_STYLES, operatorPhaseColor } from './operatorPhaseStyles';

export function OperatorPhaseBadge({ phase, raw, size = 'sm', className }: { phase: OperatorPhase; raw?: string; size?: 'sm' | 'lg'; className?: string }) {
  const style = OPERATOR_PHASE_STYLES[phase];
  const color = operatorPhaseColor(phase);
  const lg = size === 'lg';
  const word = raw && raw.toLowerCase().replace(/[_\s-]/g, '') !== style.label.toLowerCase().replace(/[_\s-]/g, '') ? raw : null;
  return (
    <span title={style.description} data-testid="operator-phase" data-phase={phase}
      className={cn('inline-flex items-center whitespace-nowrap rounded-full border font-medium', lg ? 'gap-2 px-3 py-1 text-sm' : 'gap-1.5 px-2 py-0.5 text-xs', className)}
      style={{ borderColor: color }}>
      <span aria-hidden className={cn('inline-block rounded-full', lg ? 'size-3' : 'size-2')} style={{ background: color }} />
      <span aria-hidden className="leading-none" style={{ color }}>{style.glyph}</span>
      <span>{style.label}</span>
      {word && <span className="font-mono text-[0.85em] text-neutral-600 dark:text-neutral-400">{word}</span>}
    </span>
  );
}
