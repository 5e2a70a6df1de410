'use client';

// Running executors of every application over recent minutes, kept for all applications at
// the table's level rather than in each row: rows of a long (virtualised) overview mount and
// unmount as the page scrolls, and a row's sparkline must not forget what it saw while it was
// scrolled away.

import { useEffect, useRef, useState } from 'react';
import type { AppSummary } from '../../lib/snapshot/appSummary';
import { appendLiveSample, type Sample } from '../../lib/series/liveSeries';

export interface RunningSeries {
  /** Live samples of one application (read-only; the hook appends to them). */
  live(appKey: string): readonly Sample<number>[];
  /** Changes whenever a sample was added, for memos that read `live`. */
  version: number;
}

const EMPTY: readonly Sample<number>[] = [];

export function useRunningSeries(apps: AppSummary[] | null, windowMs: number, minGapMs = 2000): RunningSeries {
  const byApp = useRef(new Map<string, Sample<number>[]>());
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!apps) return;
    const t = Date.now();
    const seen = new Set<string>();
    let changed = false;
    for (const a of apps) {
      seen.add(a.key);
      let samples = byApp.current.get(a.key);
      if (!samples) byApp.current.set(a.key, samples = []);
      if (appendLiveSample(samples, t, a.counts.running, { windowMs, minGapMs })) changed = true;
    }
    for (const key of byApp.current.keys()) if (!seen.has(key)) { byApp.current.delete(key); changed = true; }
    if (changed) setVersion((v) => v + 1);
  }, [apps, windowMs, minGapMs]);
  return { live: (key) => byApp.current.get(key) ?? EMPTY, version };
}
