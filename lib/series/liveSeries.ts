// A time series that starts from the server's recorded history and grows with live values
// seen in the browser. Pure: the hooks that keep samples across renders (one series, or one
// per application of the overview) share these two rules.

export type Sample<T> = [number, T];

export interface LiveSeriesOptions<T> {
  windowMs: number;
  /** At most one sample per gap: a value that changes again within it replaces the last one. */
  minGapMs: number;
  equal?: (a: T, b: T) => boolean;
}

/** Appends `value` seen at `t` to `samples` (in place); false when nothing changed. */
export function appendLiveSample<T>(samples: Sample<T>[], t: number, value: T, options: LiveSeriesOptions<T>): boolean {
  const equal = options.equal ?? ((a: T, b: T) => a === b);
  const last = samples[samples.length - 1];
  if (last && equal(last[1], value)) return false;
  if (last && t - last[0] < options.minGapMs) samples[samples.length - 1] = [last[0], value];
  else samples.push([t, value]);
  const cutoff = t - options.windowMs;
  let drop = 0;
  while (samples.length - drop > 2 && samples[drop][0] < cutoff) drop++;
  if (drop) samples.splice(0, drop);
  return true;
}

/**
 * The recorded history up to the first live sample, then the live samples, within
 * `windowMs` of `now`; the last known value is extended to `now` so a quiet series still
 * reaches the live edge.
 */
export function mergeLiveSeries<T>(history: readonly Sample<T>[] | undefined, live: readonly Sample<T>[], now: number, windowMs: number, current: T | null): Sample<T>[] {
  const from = now - windowMs;
  const firstLive = live[0]?.[0] ?? Infinity;
  const merged: Sample<T>[] = [];
  for (const s of history ?? []) if (s[0] >= from && s[0] < firstLive) merged.push(s);
  for (const s of live) if (s[0] >= from) merged.push(s);
  const last = merged[merged.length - 1] ?? (current !== null ? [now, current] as Sample<T> : undefined);
  if (last && last[0] < now) merged.push([now, last[1]]);
  return merged;
}
