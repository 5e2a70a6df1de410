// The retry schedule for every source: exponential from `initialMs` to `maxMs` with
// full jitter, forever. Pure: the random source is injected so tests are exact.

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

/** Delay before retry number `failures` (1 = first retry). */
export function backoffDelay(failures: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const random = options.random ?? Math.random;
  const exp = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  // Half fixed, half jitter: never zero, and many dashboards do not retry in lock-step.
  return Math.round(exp / 2 + (random() * exp) / 2);
}
