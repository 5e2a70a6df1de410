'use client';

// A time series that starts from the server's recorded history and grows with live values:
// each change of `value` appends a sample (at most one per `minGapMs`, the last one replaced
// within the gap), bounded to `windowMs`. The history is refetched only on mount.

import { useEffect, useMemo, useRef, useState } from 'react';

export function useLiveSeries<T>(key: string, history: readonly [number, T][] | undefined, value: T | null, now: number, options: { windowMs: number; minGapMs?: number; equal?: (a: T, b: T) => boolean }): [number, T][] {
  const live = useRef<[number, T][]>([]);
  const [version, setVersion] = useState(0);
  const { windowMs, minGapMs = 1000 } = options;
  const equal = options.equal ?? ((a: T, b: T) => a === b);
  useEffect(() => { live.current = []; setVersion((v) => v + 1); }, [key]);
  useEffect(() => {
    if (value === null) return;
    const samples = live.current;
    const last = samples[samples.length - 1];
    if (last && equal(last[1], value)) return;
    const t = Date.now();
    if (last && t - last[0] < minGapMs) samples[samples.length - 1] = [last[0], value];
    else samples.push([t, value]);
    const cutoff = t - windowMs;
    while (samples.length > 2 && samples[0][0] < cutoff) samples.shift();
    setVersion((v) => v + 1);
    // `equal` is a pure comparison; re-running on its identity would only add work.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, windowMs, minGapMs]);
  return useMemo(() => {
    const from = now - windowMs;
    const firstLive = live.current[0]?.[0] ?? Infinity;
    const merged: [number, T][] = [];
    for (const s of history ?? []) if (s[0] >= from && s[0] < firstLive) merged.push(s as [number, T]);
    for (const s of live.current) if (s[0] >= from) merged.push(s);
    // Extend the last known value to now, so a quiet series still reaches the live edge.
    const last = merged[merged.length - 1] ?? (value !== null ? [now, value] as [number, T] : undefined);
    if (last && last[0] < now) merged.push([now, last[1]]);
    return merged;
    // version marks changes of the live samples kept in the ref.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [history, now, windowMs, version, value]);
}
