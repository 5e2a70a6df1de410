// A Scheduler whose time moves only when a test says so: advance(ms) runs every timer that
// falls due, in time order (ties in the order they were set), with now() at each timer's time.

import type { Cancel, Scheduler } from './scheduler';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
  repeatMs: number | null;
  cancelled: boolean;
}

export class ManualScheduler implements Scheduler {
  private time: number;
  private nextId = 0;
  private timers: Timer[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): Cancel {
    return this.add(ms, fn, null);
  }

  every(ms: number, fn: () => void): Cancel {
    return this.add(ms, fn, Math.max(1, ms));
  }

  /** Timers still waiting (cancelled ones excluded). */
  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward by `ms`, running what falls due on the way. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.time = due.at;
      if (due.repeatMs === null) due.cancelled = true; else due.at += due.repeatMs;
      due.fn();
      this.timers = this.timers.filter((t) => !t.cancelled);
    }
    this.time = end;
  }

  private add(ms: number, fn: () => void, repeatMs: number | null): Cancel {
    const timer: Timer = { id: this.nextId++, at: this.time + Math.max(0, ms), fn, repeatMs, cancelled: false };
    this.timers.push(timer);
    return () => { timer.cancelled = true; };
  }
}
