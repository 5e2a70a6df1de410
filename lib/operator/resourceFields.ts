// Reading fields of an operator resource that arrives as untyped JSON: any field may be
// missing, null or of the wrong type (an older CRD, a hand-edited object, a different
// operator version). Each reader returns null where the field is not what it should be,
// so the readers built on them never throw.

import { parseKubeTime } from '../kube/timestamps';

export type Fields = Record<string, unknown>;

/** The value as an object of fields, or null for anything else (arrays included). */
export function fieldsOf(value: unknown): Fields | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Fields : null;
}

/** A field of a field of …: `pathOf(obj, 'status', 'driverInfo', 'podName')`. */
export function pathOf(value: unknown, ...path: string[]): unknown {
  let at: unknown = value;
  for (const key of path) {
    const fields = fieldsOf(at);
    if (fields === null || !Object.prototype.hasOwnProperty.call(fields, key)) return undefined;
    at = fields[key];
  }
  return at;
}

/** A non-empty string (Go's omitempty drops empty strings, so "" means unset). */
export function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** A safe integer, from a JSON number or a decimal string (as in sparkConf values). */
export function integerOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value === 'string' && /^\s*[+-]?\d{1,15}\s*$/.test(value)) return Number.parseInt(value, 10);
  return null;
}

/** Go's `*bool`: only a real boolean counts. */
export function booleanOf(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** A string → string map, keeping only the entries whose value is a string. */
export function stringMapOf(value: unknown): Record<string, string> {
  const fields = fieldsOf(value);
  const out: Record<string, string> = {};
  if (fields === null) return out;
  for (const [key, v] of Object.entries(fields)) if (typeof v === 'string') out[key] = v;
  return out;
}

/** A list of non-empty strings, dropping anything else. */
export function stringListOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length > 0) : [];
}

/**
 * An RFC 3339 time as epoch ms. Without `now` only implausibly early clocks are rejected;
 * with it, also times beyond the tolerated skew (lib/kube/timestamps).
 */
export function timeOf(value: unknown, now: number = Number.POSITIVE_INFINITY): number | null {
  return parseKubeTime(value, now);
}

export interface ResourceIdentity {
  name: string;
  namespace: string;
  uid: string;
  createdAt: number | null;
  labels: Record<string, string>;
}

/** metadata.name, namespace and uid, or null when any is missing: such an object names nothing. */
export function identityOf(obj: unknown, now?: number): ResourceIdentity | null {
  const meta = pathOf(obj, 'metadata');
  const name = stringOf(pathOf(meta, 'name'));
  const namespace = stringOf(pathOf(meta, 'namespace'));
  const uid = stringOf(pathOf(meta, 'uid'));
  if (name === null || namespace === null || uid === null) return null;
  return { name, namespace, uid, createdAt: timeOf(pathOf(meta, 'creationTimestamp'), now), labels: stringMapOf(pathOf(meta, 'labels')) };
}

/** `cluster/namespace/name`, the key of an operator resource (lib/operator/operatorApp). */
export function operatorResourceKey(cluster: string, namespace: string, name: string): string {
  return `${cluster}/${namespace}/${name}`;
}

/** The fields every operator resource read starts with: its key and identity in the cluster. */
export function resourceRecord(cluster: string, id: ResourceIdentity): { key: string; cluster: string; namespace: string; name: string; uid: string } {
  return { key: operatorResourceKey(cluster, id.namespace, id.name), cluster, namespace: id.namespace, name: id.name, uid: id.uid };
}

/** A state word as the operator wrote it; a value of the wrong type is shown, not dropped. */
export function rawWordOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
