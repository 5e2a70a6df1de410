// The operator's states of one application, oldest first, as a compact vertical timeline: a dot
// in the phase's colour, the state, the attempt it belongs to, when it began (relative, the
// date on hover) and the message the operator recorded with it.

import type { OperatorStateEntry } from '../../lib/operator/operatorApp';
import { OPERATOR_PHASE_STYLES, operatorPhaseColor } from './operatorPhaseStyles';
import { RelativeTime } from './RelativeTime';
import { stateWord } from './operatorText';

export function OperatorStateHistory({ history, now }: { history: readonly OperatorStateEntry[]; now: number }) {
  if (!history.length) return <p className="text-sm text-neutral-600 dark:text-neutral-400">No state recorded yet.</p>;
  return (
    <ol className="relative space-y-2 border-l border-neutral-200 pl-4 dark:border-neutral-700" data-testid="operator-history" aria-label="State history, oldest first">
      {history.map((e, i) => {
        const last = i === history.length - 1;
        return (
          <li key={`${i}-${e.raw}-${e.at}`} className="relative" data-testid="operator-history-entry" data-phase={e.phase} data-attempt={e.attempt ?? ''}>
            <span aria-hidden className="absolute -left-[21px] top-1 size-2.5 rounded-full ring-2 ring-white dark:ring-neutral-900"
              style={{ background: operatorPhaseColor(e.phase) }} />
            <div className="flex flex-wrap items-baseline gap-x-2 text-sm">
              <span className={last ? 'font-semibold' : undefined}>
                <span aria-hidden style={{ color: operatorPhaseColor(e.phase) }}>{OPERATOR_PHASE_STYLES[e.phase].glyph}</span>{' '}
                <span className="font-mono text-xs">{stateWord(e.phase, e.raw)}</span>
              </span>
              {e.attempt !== null && <span className="text-xs text-neutral-600 dark:text-neutral-400">attempt {e.attempt}</span>}
              <RelativeTime t={e.at} now={now} className="ml-auto text-xs tabular-nums text-neutral-600 dark:text-neutral-400" />
            </div>
            {e.message && <p className="mt-0.5 line-clamp-3 break-words font-mono text-[11px] text-neutral-700 dark:text-neutral-300" title={e.message}>{e.message}</p>}
          </li>
        );
      })}
    </ol>
  );
}
