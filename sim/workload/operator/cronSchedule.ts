// The schedules a ScheduledSparkApplication may carry, read as robfig/cron's ParseStandard reads
// them (what the Kubeflow operator calls): `@every <Go duration>`, the @hourly/@daily/… short
// forms, and five-field cron (minute hour day-of-month month day-of-week) with lists, ranges,
// steps and month/day names. Errors carry robfig's wording, for FailedValidation's reason.

export interface CronSchedule {
  /** The first activation strictly after `afterMs` (epoch ms). */
  next(afterMs: number): number;
}

export type ParsedSchedule = { ok: true; schedule: CronSchedule } | { ok: false; reason: string };

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, in milliseconds; null when Go would refuse it. */
export function parseGoDuration(text: string): number | null {
  if (text === '0') return 0;
  const m = /^([-+]?)((?:\d*\.?\d*(?:ns|us|µs|ms|s|m|h))+)$/.exec(text);
  if (!m) return null;
  let total = 0;
  for (const [, num, unit] of m[2]!.matchAll(/(\d*\.?\d*)(ns|us|µs|ms|s|m|h)/g)) {
    if (num === '' || num === '.') return null;
    total += Number(num) * UNIT_MS[unit!]!;
  }
  return m[1] === '-' ? -total : total;
}

interface Field { min: number; max: number; names?: string[] }
const FIELDS: Field[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0', '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};

class CronError extends Error {}

function value(text: string, field: Field): number {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + field.min;
  if (!/^\d+$/.test(text)) throw new CronError(`failed to parse int from ${text}: strconv.Atoi: parsing "${text}": invalid syntax`);
  return Number(text);
}

/** One field into the set of values it allows; `star` when it was `*` or `?` (day matching cares). */
function parseField(text: string, field: Field): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      [lo, hi] = [field.min, field.max];
      star = stepText === undefined;
    } else {
      const [a, b] = range!.split('-');
      lo = value(a!, field);
      hi = b !== undefined ? value(b, field) : stepText !== undefined ? field.max : lo;
    }
    const step = stepText !== undefined ? value(stepText, field) : 1;
    if (lo < field.min) throw new CronError(`beginning of range (${lo}) below minimum (${field.min}): ${part}`);
    if (hi > field.max) throw new CronError(`end of range (${hi}) above maximum (${field.max}): ${part}`);
    if (lo > hi) throw new CronError(`beginning of range (${lo}) beyond end of range (${hi}): ${part}`);
    if (step === 0) throw new CronError(`step of range should be a positive number: ${part}`);
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { values, star };
}

/** A zone's offset from UTC at an instant, in ms (fixed for a whole search: DST shifts are ignored). */
function zoneOffsetMs(timeZone: string, atMs: number): number {
  if (timeZone === 'UTC' || timeZone === 'Local') return 0;
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(atMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(atMs / 1000) * 1000;
}

function fieldsSchedule(spec: string, timeZone: string): CronSchedule {
  const parts = spec.trim().split(/\s+/);
  if (parts.length !== 5) throw new CronError(`expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]`);
  const [minute, hour, dom, month, dow] = parts.map((p, i) => parseField(p, FIELDS[i]!));
  // robfig/cron: when either day field is `*`, both must match; otherwise either may.
  const dayMatches = (d: Date) => {
    const a = dom!.values.has(d.getUTCDate());
    const b = dow!.values.has(d.getUTCDay());
    return dom!.star || dow!.star ? a && b : a || b;
  };
  return {
    next(afterMs) {
      const offset = zoneOffsetMs(timeZone, afterMs);
      // Search in the zone's wall time, as UTC fields, then shift back.
      const t = new Date(Math.floor((afterMs + offset) / 60_000) * 60_000 + 60_000);
      const limit = t.getTime() + 5 * 366 * 86_400_000;
      while (t.getTime() < limit) {
        if (!month!.values.has(t.getUTCMonth() + 1)) { t.setUTCMonth(t.getUTCMonth() + 1, 1); t.setUTCHours(0, 0, 0, 0); continue; }
        if (!dayMatches(t)) { t.setUTCDate(t.getUTCDate() + 1); t.setUTCHours(0, 0, 0, 0); continue; }
        if (!hour!.values.has(t.getUTCHours())) { t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0); continue; }
        if (!minute!.values.has(t.getUTCMinutes())) { t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0); continue; }
        return t.getTime() - offset;
      }
      // robfig returns the zero time for a schedule that never fires (e.g. 30 February).
      return Number.POSITIVE_INFINITY;
    },
  };
}

/** ParseStandard on `CRON_TZ=<timeZone> <schedule>`, as the operator prefixes it. */
export function parseSchedule(schedule: string, timeZone = 'UTC'): ParsedSchedule {
  const text = schedule.trim();
  try {
    if (text.startsWith('@every ')) {
      const arg = text.slice('@every '.length).trim();
      const ms = parseGoDuration(arg);
      if (ms === null) return { ok: false, reason: `failed to parse duration ${text}: time: invalid duration "${arg}"` };
      // ConstantDelaySchedule: at least a second, whole seconds, counted from the last whole second.
      const delay = Math.max(1000, Math.round(ms / 1000) * 1000);
      return { ok: true, schedule: { next: (afterMs) => Math.floor(afterMs / 1000) * 1000 + delay } };
    }
    if (text.startsWith('@')) {
      const expanded = DESCRIPTORS[text.toLowerCase()];
      if (!expanded) return { ok: false, reason: `unrecognized descriptor: ${text}` };
      return { ok: true, schedule: fieldsSchedule(expanded, timeZone) };
    }
    return { ok: true, schedule: fieldsSchedule(text, timeZone) };
  } catch (e) {
    if (e instanceof CronError) return { ok: false, reason: e.message };
    throw e;
  }
}

/** time.LoadLocation's verdict on a spec.timeZone, as the operator checks it before parsing. */
export function timeZoneProblem(timeZone: string): string | null {
  if (timeZone === '' || timeZone === 'UTC' || timeZone === 'Local') return null;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return null;
  } catch {
    return `Invalid timezone: unknown time zone ${timeZone}`;
  }
}
