// Simulated time for the workload: a queue of timed actions on a virtual clock. In real
// time the clock runs at `churn` × wall speed (and holds still while the API is backed off
// or congested); `advance` fast-forwards without waiting, awaiting each step's requests so
// that causes still precede effects. Actions never throw out of here: a failure is logged.

import type { Logger } from '../../server/log';

export type SimAction = () => void | Promise<void>;

export interface SimTimer {
  cancel(): void;
}

interface Entry {
  at: number;
  seq: number;
  action: SimAction;
  cancelled: boolean;
}

export interface SimClockOptions {
  log: Logger;
  /** Real milliseconds between ticks in real-time mode. */
  tickMs?: number;
  /** Fast-forward resolution: actions within this many simulated ms run as one step. */
  quantumMs?: number;
}

export class SimClock {
  private simNow = 0;
  private seq = 0;
  private readonly heap: Entry[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private lastReal = 0;
  private halted = false;
  private readonly tickMs: number;
  private readonly quantumMs: number;

  constructor(private readonly options: SimClockOptions) {
    this.tickMs = options.tickMs ?? 100;
    this.quantumMs = options.quantumMs ?? 250;
  }

  /** Simulated milliseconds since the simulation began. */
  now(): number {
    return this.simNow;
  }

  after(delayMs: number, action: SimAction): SimTimer {
    const entry: Entry = { at: this.simNow + Math.max(0, delayMs), seq: this.seq++, action, cancelled: false };
    this.push(entry);
    return { cancel: () => { entry.cancelled = true; } };
  }

  /** Runs everything due within the next `ms` of simulated time, without waiting in real time. */
  async advance(ms: number): Promise<void> {
    const target = this.simNow + ms;
    this.halted = false;
    for (;;) {
      if (this.halted) return;
      const top = this.heap[0];
      if (!top || top.at > target) break;
      const windowEnd = Math.min(target, Math.max(this.simNow, top.at) + this.quantumMs);
      this.simNow = windowEnd;
      this.runDue();
      await this.settle();
    }
    this.simNow = target;
    await this.settle();
  }

  /** Real-time mode: simulated time runs at `speed` × wall time while `hold()` is false. */
  run(speed: number, hold: () => boolean): void {
    this.halt();
    this.halted = false;
    if (!(speed > 0)) return;
    this.lastReal = performance.now();
    const tick = () => {
      const real = performance.now();
      const elapsed = real - this.lastReal;
      this.lastReal = real;
      if (!hold()) {
        this.simNow += elapsed * speed;
        this.runDue();
      }
      this.timer = setTimeout(tick, this.tickMs);
      this.timer.unref?.();
    };
    this.timer = setTimeout(tick, this.tickMs);
    this.timer.unref?.();
  }

  /** Stops real-time mode and any fast-forward in progress. */
  halt(): void {
    this.halted = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Waits for the actions already started (not for the queued ones). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private runDue(): void {
    for (;;) {
      const top = this.heap[0];
      if (!top || top.at > this.simNow) return;
      this.pop();
      if (top.cancelled) continue;
      this.start(top.action);
    }
  }

  private start(action: SimAction): void {
    let p: Promise<void>;
    try {
      p = Promise.resolve(action());
    } catch (e) {
      p = Promise.reject(e);
    }
    const tracked = p.catch((e: unknown) => {
      this.options.log.once('error', `action:${e instanceof Error ? e.message : String(e)}`, 'a simulated action failed unexpectedly', { error: e instanceof Error ? e.stack : String(e) });
    }).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  // A binary heap ordered by (time, sequence): equal times run in scheduling order.
  private less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
