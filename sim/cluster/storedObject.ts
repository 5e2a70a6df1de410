// How the embedded cluster holds one object: its JSON serialised once (in list-item form,
// without kind/apiVersion, as items of a real list come), plus the few fields selectors and
// deletion need. Reads serve the string; writes parse it into a fresh copy. This keeps 20,000
// pods at ~6 KB each near their JSON size instead of several times that as live JS objects.

export interface StoreKind {
  /** Resource name as errors and discovery say it: "pods". */
  resource: string;
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
  /** Field-selector values of an object (spec.nodeName, status.phase, …). */
  fieldsOf?(obj: KubeObject): Record<string, string>;
  /** JSON after metadata in a BOOKMARK object, as the Go type marshals empty (`,"spec":{"containers":null},"status":{}`). */
  bookmarkTail?: string;
  /** Whether metadata.generation is kept (set to 1 on create, +1 when spec changes). */
  generation?: boolean;
}

export type KubeObject = Record<string, unknown> & { metadata?: Record<string, unknown> };

export interface StoredMeta {
  name: string;
  namespace: string;
  uid: string;
  rv: number;
  labels: Record<string, string> | undefined;
  fields: Record<string, string>;
}

export interface StoredObject {
  /** "namespace/name" for namespaced kinds, "name" otherwise: the etcd key order lists use. */
  readonly key: string;
  /** List-item JSON: `{"metadata":…,"spec":…}`. */
  readonly json: string;
  readonly meta: StoredMeta;
}

export const apiVersionOf = (k: StoreKind) => (k.group ? `${k.group}/${k.version}` : k.version);

/** `{"kind":"Pod","apiVersion":"v1",` — prepended to item JSON for GET responses and watch events. */
export const typePrefix = (k: StoreKind) => `{"kind":${JSON.stringify(k.kind)},"apiVersion":${JSON.stringify(apiVersionOf(k))},`;

export const keyOf = (namespace: string, name: string) => (namespace ? `${namespace}/${name}` : name);

const META_ORDER = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
];

/** Go marshals map[string]string with sorted keys. */
export function sortedMap(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = (v as Record<string, unknown>)[k];
  return out;
}

/** Key order of the Go structs (ObjectMeta fields, then spec before status), so output reads like the real server's. */
function ordered(obj: KubeObject): KubeObject {
  const out: KubeObject = {};
  const meta = obj.metadata ?? {};
  const m: Record<string, unknown> = {};
  for (const k of META_ORDER) if (meta[k] !== undefined) m[k] = k === 'labels' || k === 'annotations' ? sortedMap(meta[k]) : meta[k];
  for (const k of Object.keys(meta)) if (!(k in m) && meta[k] !== undefined) m[k] = meta[k];
  out.metadata = m;
  for (const k of Object.keys(obj)) if (k !== 'kind' && k !== 'apiVersion' && k !== 'metadata' && k !== 'status') out[k] = obj[k];
  if (obj.status !== undefined) out.status = obj.status;
  return out;
}

export function toStored(kind: StoreKind, obj: KubeObject): StoredObject {
  const meta = (obj.metadata ?? {}) as Record<string, unknown>;
  const name = String(meta.name ?? '');
  const namespace = kind.namespaced ? String(meta.namespace ?? '') : '';
  const json = JSON.stringify(ordered(obj));
  return {
    key: keyOf(namespace, name),
    json,
    meta: {
      name,
      namespace,
      uid: String(meta.uid ?? ''),
      rv: Number(meta.resourceVersion ?? 0),
      labels: meta.labels as Record<string, string> | undefined,
      fields: kind.fieldsOf ? kind.fieldsOf(obj) : {},
    },
  };
}

/** A fresh, mutable copy of the object, with kind and apiVersion as a GET returns them. */
export function parseStored(kind: StoreKind, stored: StoredObject): KubeObject {
  const obj = JSON.parse(stored.json) as KubeObject;
  return { kind: kind.kind, apiVersion: apiVersionOf(kind), ...obj };
}

/** Full JSON of one object (with kind/apiVersion), built by concatenation rather than re-serialising. */
export const fullJson = (kind: StoreKind, stored: StoredObject) => typePrefix(kind) + stored.json.slice(1);

/** The field values every kind supports in field selectors. */
export function fieldValue(stored: StoredObject, field: string): string {
  if (field === 'metadata.name') return stored.meta.name;
  if (field === 'metadata.namespace') return stored.meta.namespace;
  return stored.meta.fields[field] ?? '';
}
