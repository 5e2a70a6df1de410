import type { ExecutorPodState } from '../../lib/spark/podState';
import { EXECUTOR_POD_STATES } from '../../lib/spark/podState';
import { stateFill } from './statePattern';
import { STATE_STYLES } from './stateStyles';

export function StateLegend({ states = EXECUTOR_POD_STATES }: { states?: readonly ExecutorPodState[] }) {
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-neutral-700 dark:text-neutral-300" aria-label="State legend">
      {states.map((s) => (
        <li key={s} className="flex items-center gap-1" title={STATE_STYLES[s].description}>
          <span aria-hidden className="inline-block size-3 rounded-sm" style={stateFill(s)} />
          <span aria-hidden>{STATE_STYLES[s].glyph}</span>
          {STATE_STYLES[s].label}
        </li>
      ))}
    </ul>
  );
}
