'use client';

// Executors per state over a time window: the server's recorded samples, then live counts as
// they change, ready for StateAreaChart.

import { useMemo } from 'react';
import type { StateCounts } from '../../lib/snapshot/appSummary';
import type { CountSample } from '../../lib/series/countSeries';
import { EXECUTOR_POD_STATES } from '../../lib/spark/podState';
import { useLiveSeries } from '../data/useLiveSeries';

const sameVector = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

export function useCountsSeries(key: string, history: readonly CountSample[] | undefined, counts: StateCounts | null, now: number, windowMs: number): CountSample[] {
  const vector = useMemo(() => (counts ? EXECUTOR_POD_STATES.map((s) => counts[s]) : null), [counts]);
  const past = useMemo(() => history?.map((s) => [s[0], s.slice(1)] as [number, number[]]), [history]);
  const series = useLiveSeries(key, past, vector, now, { windowMs, equal: sameVector });
  return useMemo(() => series.map(([t, v]) => [t, ...v]), [series]);
}
