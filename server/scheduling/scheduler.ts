// Time and timers as a dependency: the store core, its subscribers, the poller and the hub take
// a Scheduler instead of calling setInterval, so tests drive them with a manual clock (as
// Spark's store suite drives its store with a DeterministicScheduler and a ManualClock).

export type Cancel = () => void;

export interface Scheduler {
  now(): number;
  /** Runs `fn` once after `ms`. */
  after(ms: number, fn: () => void): Cancel;
  /** Runs `fn` every `ms`, first after `ms`. */
  every(ms: number, fn: () => void): Cancel;
}

/** The process's own clock and timers. Timers do not keep the process alive on their own. */
export const realScheduler: Scheduler = {
  now: () => Date.now(),
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return () => clearTimeout(t);
  },
  every(ms, fn) {
    const t = setInterval(fn, ms);
    t.unref?.();
    return () => clearInterval(t);
  },
};
