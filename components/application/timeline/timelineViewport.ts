// The timeline's zoom/pan state, framework-free: which window a frame shows and how the
// user's gestures move it. Three modes: 'fit' shows the whole history up to now and grows with
// it, 'follow' keeps the width and slides with now, 'free' stays where the user put it.

import type { Viewport } from '../../../lib/timeline/viewport';
import { clampViewport, fitExtent, follow, pan, zoomAt } from '../../../lib/timeline/viewport';

export type ViewMode = 'fit' | 'follow' | 'free';

export class TimelineViewport {
  #mode: ViewMode = 'fit';
  #window: Viewport = { start: 0, end: 60_000 };
  readonly #onModeChange: (mode: ViewMode) => void;

  constructor(onModeChange: (mode: ViewMode) => void = () => {}) {
    this.#onModeChange = onModeChange;
  }

  get mode(): ViewMode {
    return this.#mode;
  }

  /** Whether the right edge tracks now. */
  get live(): boolean {
    return this.#mode !== 'free';
  }

  /** The window for a frame drawn at `now` when the history starts at `extentStart`. */
  at(now: number, extentStart: number): Viewport {
    if (this.#mode === 'fit') this.#window = fitExtent(Math.min(extentStart, now), now);
    else if (this.#mode === 'follow') this.#window = follow(this.#window, now);
    return this.#window;
  }

  /**
   * Scales the width by `factor` (below 1 zooms in) about `anchor`. While live, the anchor is
   * now, so zooming never drops the live edge; it turns 'fit' into 'follow'.
   */
  zoom(factor: number, anchor: number | null, now: number, extentStart: number): void {
    const v = this.at(now, extentStart);
    if (this.live) {
      this.#window = zoomAt(v, factor, now);
      this.#setMode('follow');
      return;
    }
    this.#window = zoomAt(v, factor, anchor ?? (v.start + v.end) / 2);
  }

  /** Moves the window by `deltaMs` (positive = later) and stops following. */
  panBy(deltaMs: number, now: number, extentStart: number): void {
    if (deltaMs === 0) return;
    this.#window = clampViewport(pan(this.at(now, extentStart), deltaMs));
    this.#setMode('free');
  }

  fit(): void {
    this.#setMode('fit');
  }

  setLive(live: boolean, now: number, extentStart: number): void {
    if (live === this.live) return;
    this.at(now, extentStart);
    this.#setMode(live ? 'follow' : 'free');
  }

  #setMode(mode: ViewMode): void {
    if (mode === this.#mode) return;
    this.#mode = mode;
    this.#onModeChange(mode);
  }
}
