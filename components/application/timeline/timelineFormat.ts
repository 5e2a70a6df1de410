// Words and numbers the timeline shows: row labels, instants and durations.

import type { ExecutorRow } from '../../../lib/snapshot/executorRow';

/** The gutter label: "driver", the executor id, or a dash for a pod Spark has not registered. */
export function rowLabel(row: ExecutorRow): string {
  if (row.role === 'driver') return 'driver';
  if (row.executorId !== null) return String(row.executorId);
  return row.role === 'executor' ? '–' : row.name;
}

/** The row's title in the tooltip and the screen-reader announcement. */
export function rowTitle(row: ExecutorRow): string {
  if (row.role === 'driver') return 'Driver';
  if (row.role !== 'executor') return 'Pod';
  return row.executorId !== null ? `Executor ${row.executorId}` : 'Executor (not registered with Spark)';
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** HH:MM:SS in local time, with the date in front when it is not the same day as `now`. */
export function formatInstant(t: number, now: number): string {
  const d = new Date(t);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const today = new Date(now);
  const sameDay = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  return sameDay ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** "850 ms", "42 s", "3 min 12 s", "2 h 05 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  const v = Math.max(0, ms);
  if (v < 1000) return `${Math.round(v)} ms`;
  const s = Math.floor(v / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${pad(s % 60)} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${pad(m % 60)} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
