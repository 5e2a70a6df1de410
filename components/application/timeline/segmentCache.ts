// Per-row drawing data, computed on first sight of a row object and kept as long as that
// object lives. The snapshot reducer keeps the identity of rows a diff did not touch, so a
// diff that changes 3 of 10,000 executors recomputes 3 rows here.

import type { ExecutorRow } from '../../../lib/snapshot/executorRow';
import type { Segment } from '../../../lib/timeline/segments';
import { rowSegments } from '../../../lib/timeline/segments';
import { rowLabel } from './timelineFormat';

export interface RowGeometry {
  /** Open segments end at draw time (`segmentEnd`), so the entry never depends on the clock. */
  segments: readonly Segment[];
  label: string;
}

export class SegmentCache {
  #map = new WeakMap<ExecutorRow, RowGeometry>();
  #computed = 0;

  get(row: ExecutorRow): RowGeometry {
    let entry = this.#map.get(row);
    if (!entry) {
      entry = { segments: rowSegments(row, row.since), label: rowLabel(row) };
      this.#map.set(row, entry);
      this.#computed++;
    }
    return entry;
  }

  /** How many rows were computed so far (not served from the cache). */
  get computed(): number {
    return this.#computed;
  }
}
