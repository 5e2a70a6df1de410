// How long a pod has been running by its transitions: the closed running spells added up, and
// when the spell still open began. Kept apart so that "core-hours so far" can be computed at
// any later time without rewriting every running pod each second.

import { STATE_CODE, type Transition } from './executorRow';

const RUNNING = STATE_CODE.running;

export function runningTime(tr: readonly Transition[]): { closedMs: number; openSince: number | null } {
  let closedMs = 0;
  for (let i = 0; i < tr.length; i++) {
    if (tr[i][0] !== RUNNING) continue;
    if (i === tr.length - 1) return { closedMs, openSince: tr[i][1] };
    closedMs += Math.max(0, tr[i + 1][1] - tr[i][1]);
  }
  return { closedMs, openSince: null };
}
