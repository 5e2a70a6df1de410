// An application as of a moment in the past, from its rows alone: each pod's state is the one
// its transitions had entered by then; pods not yet created are left out. The browser (time
// travel on the application page) and the JSON API (`/at?t=`) both answer with this, so what
// the page shows at a time is what the API says of that time.

import type { ExecutorRow } from '../snapshot/executorRow';
import { stateOfCode } from '../snapshot/executorRow';

/** The row as it stood at `t`, or null if the pod did not exist yet. */
export function rowAt<R extends ExecutorRow>(row: R, t: number): R | null {
  const first = row.tr[0];
  const born = first ? first[1] : row.createdAt;
  if (born === null || born > t) return null;
  let i = row.tr.length - 1;
  while (i >= 0 && row.tr[i][1] > t) i--;
  if (i === row.tr.length - 1) return row;
  const tr = row.tr.slice(0, i + 1);
  const [code, since] = tr[tr.length - 1];
  const state = stateOfCode(code);
  const ended = state === 'succeeded' || state === 'failed' || state === 'deleted';
  return {
    ...row,
    tr,
    state,
    since,
    gone: state === 'deleted' && row.gone && (row.deletedAt ?? Infinity) <= t,
    deleting: row.deleting && (row.deletedAt ?? Infinity) <= t,
    finishedAt: ended ? row.finishedAt : null,
    deletedAt: row.deletedAt !== null && row.deletedAt <= t ? row.deletedAt : null,
    reason: ended ? row.reason : null,
    exitCode: ended ? row.exitCode : null,
  };
}

/** Every row as it stood at `t` (pods not yet created left out), slots renumbered in order. */
export function rowsAt<R extends ExecutorRow>(rows: readonly (R | null)[], t: number): R[] {
  const out: R[] = [];
  for (const r of rows) {
    if (!r) continue;
    const at = rowAt(r, t);
    if (at) out.push(at);
  }
  return out;
}
