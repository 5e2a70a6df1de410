// Kubernetes timestamps arrive as RFC 3339 strings from objects we do not control.
// parseKubeTime turns one into epoch milliseconds, or null when it is missing,
// unparsable or absurd, so that one broken clock never bends a whole timeline.

/** Anything before this is a zeroed or corrupted clock, not a real pod event. */
export const EARLIEST_PLAUSIBLE_MS = Date.UTC(2000, 0, 1);
/** Clock skew we tolerate between the API server and the dashboard. */
export const FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

export function parseKubeTime(value: unknown, now: number): number | null {
  if (typeof value !== 'string' || value.length < 10 || value.length > 40) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return null;
  if (ms < EARLIEST_PLAUSIBLE_MS || ms > now + FUTURE_SKEW_MS) return null;
  return ms;
}
