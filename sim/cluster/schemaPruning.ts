// Structural pruning, as the apiextensions-apiserver decoder does it for custom resources
// (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning): every field the structural
// schema does not describe is dropped, unless a node says x-kubernetes-preserve-unknown-fields.
// apiVersion, kind and metadata of the object (and of x-kubernetes-embedded-resource nodes)
// are never pruned; metadata is the server's business, not the schema's.

export interface StructuralSchema {
  type?: string;
  properties?: Record<string, StructuralSchema>;
  items?: StructuralSchema;
  /** A schema for every other key, or true (anything) / false (nothing). */
  additionalProperties?: StructuralSchema | boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  [other: string]: unknown;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const RESOURCE_KEYS = new Set(['apiVersion', 'kind', 'metadata']);

function pruneValue(value: unknown, schema: StructuralSchema | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    for (const item of value) pruneValue(item, schema.items);
    return;
  }
  if (isObj(value)) pruneMap(value, schema, schema['x-kubernetes-embedded-resource'] === true);
}

function pruneMap(obj: Obj, schema: StructuralSchema, isResource: boolean): void {
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const props = schema.properties ?? {};
  const additional = schema.additionalProperties;
  for (const key of Object.keys(obj)) {
    if (isResource && RESOURCE_KEYS.has(key)) continue;
    if (Object.hasOwn(props, key)) pruneValue(obj[key], props[key]);
    else if (isObj(additional)) pruneValue(obj[key], additional as StructuralSchema);
    else if (additional === true || preserve) continue;
    else delete obj[key];
  }
}

/** Drops, in place, what `schema` (the version's openAPIV3Schema) does not describe. */
export function pruneCustomResource(obj: Obj, schema: StructuralSchema): void {
  pruneMap(obj, schema, true);
}
