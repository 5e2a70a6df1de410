// An application's first cause as one line, for places with room for one: overview rows and
// wall tiles ("driver: cannot pull image …", "28 pending: 12 of 12 nodes lack cpu").

import type { CauseGroup } from './podCause';

export function causeLine(g: CauseGroup & { role: 'driver' | 'executor' | 'quota' }): string {
  if (g.role === 'quota') return `new executors refused: ${g.text}`;
  return g.role === 'driver' ? `driver ${g.state}: ${g.text}` : `${g.count} ${g.state}: ${g.text}`;
}
