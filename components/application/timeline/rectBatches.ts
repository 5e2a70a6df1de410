// Rectangles collected per paint style during one frame, so the canvas switches fillStyle once
// per style instead of once per bar. Buffers are kept between frames and only grow: drawing
// allocates nothing once they are large enough.

export class RectBatches {
  #data: Float64Array[];
  #len: Uint32Array;

  constructor(buckets: number, initialRects = 256) {
    this.#data = Array.from({ length: buckets }, () => new Float64Array(initialRects * 4));
    this.#len = new Uint32Array(buckets);
  }

  reset(): void {
    this.#len.fill(0);
  }

  push(bucket: number, x: number, y: number, w: number, h: number): void {
    let data = this.#data[bucket];
    const at = this.#len[bucket] * 4;
    if (at + 4 > data.length) {
      const grown = new Float64Array(data.length * 2);
      grown.set(data);
      this.#data[bucket] = data = grown;
    }
    data[at] = x;
    data[at + 1] = y;
    data[at + 2] = w;
    data[at + 3] = h;
    this.#len[bucket]++;
  }

  /** Number of rectangles in `bucket`. */
  count(bucket: number): number {
    return this.#len[bucket];
  }

  /** The bucket's buffer: rectangle i is at [4i, 4i + 4) as x, y, w, h. */
  data(bucket: number): Float64Array {
    return this.#data[bucket];
  }
}
