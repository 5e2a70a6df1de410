// A small YAML emitter for Kubernetes manifests we generate: maps in insertion order (the
// caller fixes key order), block sequences in kubectl's style, comments on entries, strings
// quoted whenever a YAML 1.1 or 1.2 reader could take them for anything but a string.
// No dependency: the browser bundle shows the same text the server would.

export type YamlScalar = string | number | boolean | null;
export type YamlValue = YamlScalar | YamlValue[] | { [key: string]: YamlValue } | Commented;

/** A value with comment lines printed above its entry. */
export class Commented {
  constructor(
    readonly comments: readonly string[],
    readonly value: YamlValue,
  ) {}
}

export const commented = (comments: readonly string[], value: YamlValue) => new Commented(comments, value);

// Words YAML 1.1 (kubectl's go-yaml v2 and many tools) reads as booleans or null.
const SPECIAL = /^(?:y|n|yes|no|on|off|true|false|null|~)$/i;
const NUMBER_LIKE = /^[-+]?(?:\.?\d|0x|0o|\.inf|\.nan)/i;
const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./:-]*$/;

export function yamlScalar(v: YamlScalar): string {
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (PLAIN.test(v) && !v.endsWith(':') && !SPECIAL.test(v) && !NUMBER_LIKE.test(v)) return v;
  // A JSON string is a valid YAML double-quoted scalar with the same meaning.
  return JSON.stringify(v);
}

const isMap = (v: YamlValue): v is { [key: string]: YamlValue } => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Commented);
const unwrap = (v: YamlValue): { comments: readonly string[]; value: YamlValue } => (v instanceof Commented ? { comments: v.comments, value: v.value } : { comments: [], value: v });
const isEmptyCollection = (v: YamlValue) => (Array.isArray(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0);
const commentLines = (pad: string, comments: readonly string[]) => comments.map((c) => (c ? `${pad}# ${c}` : `${pad}#`));

function emit(value: YamlValue, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  if (isMap(value)) {
    for (const [k, raw] of Object.entries(value)) {
      const { comments, value: v } = unwrap(raw);
      out.push(...commentLines(pad, comments));
      if (isEmptyCollection(v)) out.push(`${pad}${yamlScalar(k)}: ${Array.isArray(v) ? '[]' : '{}'}`);
      else if (Array.isArray(v)) {
        out.push(`${pad}${yamlScalar(k)}:`);
        emit(v, indent, out); // kubectl style: "- " at the key's own indentation
      } else if (isMap(v)) {
        out.push(`${pad}${yamlScalar(k)}:`);
        emit(v, indent + 2, out);
      } else out.push(`${pad}${yamlScalar(k)}: ${yamlScalar(v as YamlScalar)}`);
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const raw of value) {
      const { comments, value: v } = unwrap(raw);
      out.push(...commentLines(pad, comments));
      if (isEmptyCollection(v)) out.push(`${pad}- ${Array.isArray(v) ? '[]' : '{}'}`);
      else if (isMap(v) || Array.isArray(v)) {
        // The first content line of the nested block goes after "- ", the rest keep its
        // indentation; comments of its first entry stay above the dash.
        const inner: string[] = [];
        emit(v, indent + 2, inner);
        const first = inner.findIndex((l) => !l.trimStart().startsWith('#'));
        out.push(...inner.slice(0, first).map((l) => l.slice(2)), `${pad}- ${inner[first]!.slice(indent + 2)}`, ...inner.slice(first + 1));
      } else out.push(`${pad}- ${yamlScalar(v as YamlScalar)}`);
    }
    return;
  }
  out.push(`${pad}${yamlScalar(unwrap(value).value as YamlScalar)}`);
}

/** One YAML document (no leading "---"), ending in a newline. */
export function toYaml(value: YamlValue): string {
  const out: string[] = [];
  emit(value, 0, out);
  return `${out.join('\n')}\n`;
}
