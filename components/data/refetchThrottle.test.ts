import { describe, expect, it } from 'vitest';
import { createRefetchThrottle, type ThrottleTimers } from './refetchThrottle';

/** A clock and timer queue driven by hand. */
function manualTimers() {
  let now = 0;
  let queue: { at: number; fn: () => void }[] = [];
  const timers: ThrottleTimers = {
    now: () => now,
    after: (ms, fn) => {
      const entry = { at: now + ms, fn };
      queue.push(entry);
      return () => { queue = queue.filter((e) => e !== entry); };
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const e of queue.filter((x) => x.at <= now)) { queue = queue.filter((x) => x !== e); e.fn(); }
  };
  return { timers, advance, pending: () => queue.length };
}

describe('createRefetchThrottle', () => {
  it('runs the first request at once and folds the next ones into one at the end of the interval', () => {
    const { timers, advance } = manualTimers();
    const runs: number[] = [];
    const throttle = createRefetchThrottle(3000, () => runs.push(timers.now()), timers);
    throttle.request();
    expect(runs).toEqual([0]);
    advance(500); throttle.request();
    advance(500); throttle.request();
    expect(runs).toEqual([0]);
    advance(2000);
    expect(runs).toEqual([0, 3000]);
  });

  it('runs at once again once a whole interval has passed', () => {
    const { timers, advance } = manualTimers();
    const runs: number[] = [];
    const throttle = createRefetchThrottle(3000, () => runs.push(timers.now()), timers);
    throttle.request();
    advance(5000);
    throttle.request();
    expect(runs).toEqual([0, 5000]);
  });

  it('drops the planned refetch when disposed', () => {
    const { timers, advance, pending } = manualTimers();
    const runs: number[] = [];
    const throttle = createRefetchThrottle(3000, () => runs.push(timers.now()), timers);
    throttle.request();
    throttle.request();
    expect(pending()).toBe(1);
    throttle.dispose();
    advance(10_000);
    expect(runs).toEqual([0]);
  });
});
