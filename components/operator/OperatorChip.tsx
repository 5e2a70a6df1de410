// The small mark of an application a Spark operator runs, on overview rows, wall tiles and
// history rows: "SparkApplication · RUNNING" in the phase's colour; the resource's name, the
// operator and the schedule in its tooltip.

import type { OperatorRef } from '../../lib/operator/operatorApp';
import { cn } from '../ui/cn';
import { OPERATOR_PHASE_STYLES, operatorPhaseColor } from './operatorPhaseStyles';
import { operatorChipText, operatorChipTitle } from './operatorText';

export function OperatorChip({ operator, className, size = 'sm' }: { operator: OperatorRef; className?: string; size?: 'sm' | 'md' }) {
  const color = operatorPhaseColor(operator.phase);
  return (
    <span title={operatorChipTitle(operator)} data-testid="operator-chip" data-phase={operator.phase} data-operator-name={operator.name}
      className={cn('inline-flex max-w-full shrink-0 items-center gap-1 truncate whitespace-nowrap rounded border bg-white font-medium text-neutral-800 dark:bg-neutral-900 dark:text-neutral-200',
        size === 'md' ? 'px-1.5 py-0.5 text-sm' : 'px-1.5 text-[10px] leading-4', className)}
      style={{ borderColor: color }}>
      <span aria-hidden style={{ color }}>{OPERATOR_PHASE_STYLES[operator.phase].glyph}</span>
      <span className="truncate">{operatorChipText(operator)}</span>
    </span>
  );
}
