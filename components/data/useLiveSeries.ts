'use client';

// A time series that starts from the server's recorded history and grows with live values:
// each change of `value` appends a sample (rules in lib/series/liveSeries). The history is
// refetched only on mount.

import { useEffect, useMemo, useRef, useState } from 'react';
import { appendLiveSample, mergeLiveSeries, type Sample } from '../../lib/series/liveSeries';

export function useLiveSeries<T>(key: string, history: readonly Sample<T>[] | undefined, value: T | null, now: number, options: { windowMs: number; minGapMs?: number; equal?: (a: T, b: T) => boolean }): Sample<T>[] {
  const live = useRef<Sample<T>[]>([]);
  const [version, setVersion] = useState(0);
  const { windowMs, minGapMs = 1000 } = options;
  useEffect(() => { live.current = []; setVersion((v) => v + 1); }, [key]);
  useEffect(() => {
    if (value === null) return;
    if (appendLiveSample(live.current, Date.now(), value, { windowMs, minGapMs, equal: options.equal })) setVersion((v) => v + 1);
    // `equal` is a pure comparison; re-running on its identity would only add work.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, windowMs, minGapMs]);
  return useMemo(() => mergeLiveSeries(history, live.current, now, windowMs, value),
    // version marks changes of the live samples kept in the ref.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [history, now, windowMs, version, value]);
}
