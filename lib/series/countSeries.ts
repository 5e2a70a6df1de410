// Executors per state over time: fixed-interval samples in a bounded ring, and the
// bucketing that keeps a chart at a few hundred points however long the window
// (a Recharts stacked area costs ~22 ms per update at 300 points, ~200 ms at 3,600).

import type { StateCounts } from '../snapshot/appSummary';
import { emptyCounts } from '../snapshot/appSummary';
import { EXECUTOR_POD_STATES } from '../spark/podState';

/** [t, running, pending, succeeded, failed, deleted, terminating, unknown] in EXECUTOR_POD_STATES order. */
export type CountSample = number[];

export function toSample(t: number, counts: StateCounts): CountSample {
  return [t, ...EXECUTOR_POD_STATES.map((s) => counts[s])];
}

export function fromSample(sample: CountSample): { t: number; counts: StateCounts } {
  const counts = emptyCounts();
  EXECUTOR_POD_STATES.forEach((s, i) => { counts[s] = sample[i + 1] ?? 0; });
  return { t: sample[0], counts };
}

export function addCounts(a: StateCounts, b: StateCounts): StateCounts {
  const out = emptyCounts();
  for (const s of EXECUTOR_POD_STATES) out[s] = a[s] + b[s];
  return out;
}

/** Appends `sample`, dropping the oldest beyond `max`; returns a new array (callers may share the old one). */
export function appendSample(series: readonly CountSample[], sample: CountSample, max: number): CountSample[] {
  const last = series[series.length - 1];
  // Same timestamp: the newer counts win (several updates within one sampling tick).
  const base = last && last[0] === sample[0] ? series.slice(0, -1) : series.slice();
  base.push(sample);
  return base.length > max ? base.slice(base.length - max) : base;
}

/**
 * At most `maxPoints` samples covering [from, to]: each bucket keeps its last sample,
 * which is what a "counts at time t" chart should show (not an average of counts).
 */
export function bucketSamples(series: readonly CountSample[], from: number, to: number, maxPoints: number): CountSample[] {
  const inRange = series.filter((s) => s[0] >= from && s[0] <= to);
  if (inRange.length <= maxPoints) return inRange;
  const width = (to - from) / maxPoints;
  const out: CountSample[] = [];
  let bucket = -1;
  for (const s of inRange) {
    const b = Math.min(maxPoints - 1, Math.floor((s[0] - from) / width));
    if (b === bucket) out[out.length - 1] = s;
    else { out.push(s); bucket = b; }
  }
  return out;
}
