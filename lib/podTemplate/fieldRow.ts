// The row type of the pod-template analysis and the three ways a field can come about: Spark
// always writes it, Spark writes it only when a setting asks, or Spark never touches it. With
// the template at hand the source is decided by comparison; without it, by what Spark can do.

export type FieldSource =
  /** Spark wrote it (from its settings or its own bookkeeping). */
  | 'spark'
  /** Kept from the pod template. */
  | 'template'
  /** Spark overwrote or merged into a value the template had. */
  | 'both'
  /** The API server or an admission plugin or webhook added it (defaults, token volume, tolerations). */
  | 'cluster'
  /** Without the template: a Spark setting or the template; the pod alone cannot tell. */
  | 'unknown';

export interface TemplateField {
  path: string;
  value: string;
  source: FieldSource;
  note?: string;
  /** Decided from the pod alone, without the template. */
  inferred: boolean;
}

export interface FieldContext {
  role: 'driver' | 'executor';
  /** The template, or null when it was not available. */
  hasTemplate: boolean;
}

const MAX_VALUE = 240;

/** A short, readable rendering of any field value. */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join(' ');
  const json = JSON.stringify(v);
  return json.length > MAX_VALUE ? `${json.slice(0, MAX_VALUE - 1)}…` : json;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function field(ctx: FieldContext, path: string, value: unknown, source: FieldSource, note?: string): TemplateField {
  const row: TemplateField = { path, value: formatValue(value), source, inferred: !ctx.hasTemplate };
  if (note !== undefined && note !== '') row.note = note;
  return row;
}

/** A field Spark writes on every pod: the template's value, if any, is replaced or merged. */
export function sparkAlways(ctx: FieldContext, templateValue: unknown): FieldSource {
  if (!ctx.hasTemplate) return 'spark';
  return templateValue === undefined ? 'spark' : 'both';
}

/**
 * A field Spark writes only when one of its settings asks: where the template has the same
 * value it was kept, where it differs Spark replaced it, where it has none Spark set it.
 */
export function sparkIfConfigured(ctx: FieldContext, templateValue: unknown, podValue: unknown): FieldSource {
  if (!ctx.hasTemplate) return 'unknown';
  if (templateValue === undefined) return 'spark';
  return sameValue(templateValue, podValue) ? 'template' : 'both';
}

/** A field no Spark setting writes: the template's, or added by the cluster. */
export function templateOnly(ctx: FieldContext, templateValue: unknown, podValue: unknown): FieldSource {
  if (!ctx.hasTemplate) return 'template';
  if (templateValue === undefined) return 'cluster';
  return sameValue(templateValue, podValue) ? 'template' : 'cluster';
}

export function recordOf(v: unknown): Record<string, unknown> {
  return v != null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(recordOf(v))) if (typeof x === 'string') out[k] = x;
  return out;
}
