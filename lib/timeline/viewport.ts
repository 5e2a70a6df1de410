// The visible time window of the executor timeline and the arithmetic around it: zoom about a
// point, pan, follow the live edge, pixel ↔ time, and human axis ticks. Pure; time comes in.

export interface Viewport {
  start: number;
  end: number;
}

export const MIN_VIEWPORT_MS = 1000;
export const MAX_VIEWPORT_MS = 30 * 24 * 3600_000;

function clampWidth(width: number): number {
  if (!(width >= MIN_VIEWPORT_MS)) return MIN_VIEWPORT_MS; // NaN lands here too
  return Math.min(width, MAX_VIEWPORT_MS);
}

/** The window with its width held between 1 s and 30 days, about the same centre. */
export function clampViewport(v: Viewport): Viewport {
  const width = v.end - v.start;
  const clamped = clampWidth(width);
  if (clamped === width) return v;
  const centre = Number.isFinite(v.start + v.end) ? (v.start + v.end) / 2 : 0;
  return { start: centre - clamped / 2, end: centre + clamped / 2 };
}

/**
 * Scales the window's width by `factor` (below 1 zooms in) keeping `anchorTime` at the same
 * place on screen. At the width limits the anchor still holds.
 */
export function zoomAt(v: Viewport, factor: number, anchorTime: number): Viewport {
  const width = v.end - v.start;
  const next = clampWidth(width * factor);
  const ratio = width > 0 ? (anchorTime - v.start) / width : 0.5;
  const start = anchorTime - ratio * next;
  return { start, end: start + next };
}

export function pan(v: Viewport, deltaMs: number): Viewport {
  return { start: v.start + deltaMs, end: v.end + deltaMs };
}

/** The window with its right edge at `now` and its width kept. */
export function follow(v: Viewport, now: number): Viewport {
  const width = clampWidth(v.end - v.start);
  return { start: now - width, end: now };
}

/** The window that shows [start, end] whole, with a little room at the left. */
export function fitExtent(start: number, end: number): Viewport {
  const width = clampWidth((end - start) * 1.02);
  return { start: end - width, end };
}

export function timeToX(t: number, v: Viewport, width: number): number {
  return ((t - v.start) / (v.end - v.start)) * width;
}

export function xToTime(x: number, v: Viewport, width: number): number {
  return v.start + (x / width) * (v.end - v.start);
}

export interface Tick {
  t: number;
  label: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Tick spacings, smallest first; beyond a day, whole days. */
export const TICK_STEPS: readonly number[] = [SECOND, 5 * SECOND, 15 * SECOND, MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR, 6 * HOUR, DAY];

export type TickFormatter = (t: number, stepMs: number) => string;

export interface TickOptions {
  /** Offset of the displayed time zone from UTC, in ms; ticks fall on its round times. Default: the local zone's. */
  offsetMs?: number;
  /** Label formatter; default HH:MM:SS below a minute, HH:MM below a day, MM-DD from a day up. */
  format?: TickFormatter;
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Formats `t` shifted by `offsetMs` (arithmetic on UTC fields, so it is deterministic). */
export function formatTickLabel(t: number, stepMs: number, offsetMs: number): string {
  const d = new Date(t + offsetMs);
  if (stepMs >= DAY) return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return stepMs < MINUTE ? `${hm}:${pad(d.getUTCSeconds())}` : hm;
}

export function localOffsetMs(t: number): number {
  return -new Date(t).getTimezoneOffset() * MINUTE;
}

/** The smallest step that puts at most `maxTicks` ticks in a window of `width` ms. */
export function tickStep(width: number, maxTicks: number): number {
  const n = Math.max(1, Math.floor(maxTicks));
  for (const step of TICK_STEPS) if (width / step <= n) return step;
  return Math.ceil(width / (n * DAY)) * DAY;
}

/** Round-time ticks inside [start, end], at most `maxTicks` of them. */
export function niceTicks(start: number, end: number, maxTicks: number, options: TickOptions = {}): Tick[] {
  if (!(end > start) || maxTicks < 1) return [];
  const step = tickStep(end - start, maxTicks);
  const offset = options.offsetMs ?? localOffsetMs(start);
  const format = options.format ?? ((t: number, s: number) => formatTickLabel(t, s, offset));
  // Round in the displayed zone: the tick is a multiple of `step` after shifting by the offset.
  const first = Math.ceil((start + offset) / step) * step - offset;
  const out: Tick[] = [];
  for (let t = first; t <= end; t += step) out.push({ t, label: format(t, step) });
  return out;
}
