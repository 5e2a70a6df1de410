// A multiset of numbers that answers its minimum and maximum in O(1) while values come and
// go: what an incremental summary needs for "earliest created" or "oldest pending since"
// without rescanning every executor. Removing the current extreme rescans the distinct
// values once (they are few: timestamps of one application's pods at ms resolution).

export class ExtremeMultiset {
  private readonly counts = new Map<number, number>();
  private minValue: number | null = null;
  private maxValue: number | null = null;

  get size(): number {
    return this.counts.size;
  }

  min(): number | null {
    return this.minValue;
  }

  max(): number | null {
    return this.maxValue;
  }

  add(value: number): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    if (this.minValue === null || value < this.minValue) this.minValue = value;
    if (this.maxValue === null || value > this.maxValue) this.maxValue = value;
  }

  /** Removes one occurrence; a value that is not there is ignored. */
  delete(value: number): void {
    const n = this.counts.get(value);
    if (n === undefined) return;
    if (n > 1) { this.counts.set(value, n - 1); return; }
    this.counts.delete(value);
    if (value === this.minValue || value === this.maxValue) this.rescan();
  }

  private rescan(): void {
    let lo: number | null = null, hi: number | null = null;
    for (const v of this.counts.keys()) {
      if (lo === null || v < lo) lo = v;
      if (hi === null || v > hi) hi = v;
    }
    this.minValue = lo;
    this.maxValue = hi;
  }
}
