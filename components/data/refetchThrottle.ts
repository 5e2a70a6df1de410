// Folds requests to refetch one query into at most one refetch per interval: the first runs at
// once, those inside the interval become a single refetch at its end, so the last change is
// never lost. The socket's invalidations and an application's state changes both ask, and a
// 10,000-executor application changes state many times a second.

export interface ThrottleTimers {
  now(): number;
  /** Runs `fn` after `ms`; returns what cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export interface RefetchThrottle {
  request(): void;
  dispose(): void;
}

const realTimers: ThrottleTimers = {
  now: () => Date.now(),
  after: (ms, fn) => { const t = setTimeout(fn, ms); return () => clearTimeout(t); },
};

export function createRefetchThrottle(intervalMs: number, run: () => void, timers: ThrottleTimers = realTimers): RefetchThrottle {
  let lastRun = -Infinity;
  let cancel: (() => void) | null = null;
  const fire = () => {
    cancel = null;
    lastRun = timers.now();
    run();
  };
  return {
    request() {
      if (cancel) return;
      const wait = lastRun + intervalMs - timers.now();
      if (wait <= 0) fire();
      else cancel = timers.after(wait, fire);
    },
    dispose() {
      cancel?.();
      cancel = null;
    },
  };
}
