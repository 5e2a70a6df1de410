// An application's first cause as one line, for places with room for one: overview rows and
// wall tiles ("driver: cannot pull image …", "28 pending: 12 of 12 nodes lack cpu").

import type { CauseGroup } from './podCause';

/** Whose cause it is: the driver's, a group of executors', a quota's, or the Spark operator's record. */
export type AppCauseRole = 'driver' | 'executor' | 'quota' | 'operator';

export function causeLine(g: CauseGroup & { role: AppCauseRole }): string {
  if (g.role === 'quota') return `new executors refused: ${g.text}`;
  if (g.role === 'operator') return g.kind === 'submission' ? `submission failed: ${g.text}` : `operator: ${g.text}`;
  return g.role === 'driver' ? `driver ${g.state}: ${g.text}` : `${g.count} ${g.state}: ${g.text}`;
}
