// Human formatting of times and durations, shared by every view.

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

// One formatter each, made once: toLocaleTimeString with options builds a new Intl formatter
// per call (~0.1 ms), and a chart axis asks for hundreds of ticks per render. hourCycle h23,
// not hour12: false, which some locales read as h24 and show the hour after midnight as 24.
let clock: Intl.DateTimeFormat | null = null;
let day: Intl.DateTimeFormat | null = null;

export function formatClock(t: number): string {
  clock ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  return clock.format(t);
}

export function formatDateTime(t: number | null | undefined): string {
  if (t === null || t === undefined) return '–';
  day ??= new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${day.format(t)} ${formatClock(t)}`;
}

export function formatAge(from: number | null | undefined, now: number): string {
  return from === null || from === undefined ? '–' : formatDuration(now - from);
}

/** Core-hours for a table cell: two decimals when small, whole hours when large. */
export function formatCoreHours(h: number | null | undefined): string {
  if (h === null || h === undefined || !Number.isFinite(h)) return '–';
  if (h < 10) return h.toFixed(2);
  if (h < 1000) return h.toFixed(1);
  return Math.round(h).toLocaleString('en-US');
}
