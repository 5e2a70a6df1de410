// A fixed-capacity ring of count samples, oldest overwritten first: appending costs O(1)
// however long the history (an array copied on every sample costs O(capacity), which for a
// thousand applications with 2,160 samples each is millions of copies per tick).

import type { CountSample } from './countSeries';

export class SampleRing {
  private readonly buffer: (CountSample | undefined)[];
  private start = 0;
  private length = 0;

  constructor(readonly capacity: number) {
    this.buffer = new Array(Math.max(1, capacity));
  }

  get size(): number {
    return this.length;
  }

  last(): CountSample | undefined {
    return this.length ? this.buffer[(this.start + this.length - 1) % this.buffer.length] : undefined;
  }

  /** Appends a sample; one at the same time as the last replaces it (several updates in one tick). */
  push(sample: CountSample): void {
    const last = this.last();
    if (last && last[0] === sample[0]) {
      this.buffer[(this.start + this.length - 1) % this.buffer.length] = sample;
      return;
    }
    if (this.length < this.buffer.length) {
      this.buffer[(this.start + this.length) % this.buffer.length] = sample;
      this.length++;
    } else {
      this.buffer[this.start] = sample;
      this.start = (this.start + 1) % this.buffer.length;
    }
  }

  /** The samples at or after `from`, oldest first. */
  since(from = -Infinity): CountSample[] {
    const out: CountSample[] = [];
    for (let i = 0; i < this.length; i++) {
      const s = this.buffer[(this.start + i) % this.buffer.length]!;
      if (s[0] >= from) out.push(s);
    }
    return out;
  }
}
