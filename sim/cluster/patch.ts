// The three patch formats kube-apiserver accepts for built-in kinds: JSON merge patch
// (RFC 7386), JSON patch (RFC 6902) and strategic merge patch with the merge keys of the
// Go types (containers by name, conditions by type; containerStatuses stay atomic, as in
// k8s.io/api). Errors carry the real handler's statuses: 415 for an unknown content type,
// 400 for an undecodable body, 422 for a JSON patch that does not apply.

import { ApiError, badRequest, failure, unsupportedMediaType } from './apiErrors';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';
/** The order installer.go lists them in. */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---------------------------------------------------------------- RFC 7386

export function applyMergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

// ---------------------------------------------------------------- RFC 6902

export class JsonPatchError extends Error {}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer: ${pointer}`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

const clone = (v: Json): Json => (v === null || typeof v !== 'object' ? v : (JSON.parse(JSON.stringify(v)) as Json));

interface Slot {
  get(): Json | undefined;
  add(v: Json): void;
  remove(): Json;
  replace(v: Json): void;
}

function slot(doc: { root: Json }, tokens: string[]): Slot {
  if (tokens.length === 0) {
    return {
      get: () => doc.root,
      add: (v) => (doc.root = v),
      remove: () => {
        throw new JsonPatchError('cannot remove the whole document');
      },
      replace: (v) => (doc.root = v),
    };
  }
  let parent: Json = doc.root;
  for (const t of tokens.slice(0, -1)) {
    const next: Json | undefined = Array.isArray(parent) ? parent[Number(t)] : isObject(parent) ? parent[t] : undefined;
    if (next === undefined || next === null || typeof next !== 'object') throw new JsonPatchError(`doc is missing path: ${'/' + tokens.join('/')}`);
    parent = next;
  }
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) {
    const arr = parent;
    const index = (forAdd: boolean) => {
      if (forAdd && last === '-') return arr.length;
      if (!/^(0|[1-9][0-9]*)$/.test(last)) throw new JsonPatchError(`invalid array index: ${last}`);
      const i = Number(last);
      if (i > arr.length || (!forAdd && i === arr.length)) throw new JsonPatchError(`array index out of bounds: ${i}`);
      return i;
    };
    return {
      get: () => (last === '-' ? undefined : arr[Number(last)]),
      add: (v) => void arr.splice(index(true), 0, v),
      remove: () => arr.splice(index(false), 1)[0]!,
      replace: (v) => void (arr[index(false)] = v),
    };
  }
  if (!isObject(parent)) throw new JsonPatchError(`doc is missing path: ${'/' + tokens.join('/')}`);
  const obj = parent;
  const mustExist = () => {
    if (!(last in obj)) throw new JsonPatchError(`doc is missing key: ${last}`);
  };
  return {
    get: () => obj[last],
    add: (v) => void (obj[last] = v),
    remove: () => {
      mustExist();
      const v = obj[last]!;
      delete obj[last];
      return v;
    },
    replace: (v) => {
      mustExist();
      obj[last] = v;
    },
  };
}

export function applyJsonPatch(document: Json, operations: unknown): Json {
  if (!Array.isArray(operations)) throw new JsonPatchError('a JSON patch must be an array of operations');
  const doc = { root: clone(document) };
  for (const raw of operations) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') throw new JsonPatchError('invalid operation');
    const target = parsePointer(raw.path);
    switch (raw.op) {
      case 'add':
        slot(doc, target).add(clone(raw.value ?? null));
        break;
      case 'remove':
        slot(doc, target).remove();
        break;
      case 'replace':
        slot(doc, target).replace(clone(raw.value ?? null));
        break;
      case 'move':
      case 'copy': {
        if (typeof raw.from !== 'string') throw new JsonPatchError(`${raw.op} operation requires from`);
        const from = slot(doc, parsePointer(raw.from));
        const value = raw.op === 'move' ? from.remove() : from.get();
        if (value === undefined) throw new JsonPatchError(`doc is missing from path: ${raw.from}`);
        slot(doc, target).add(clone(value));
        break;
      }
      case 'test':
        if (!deepEqual(slot(doc, target).get(), raw.value ?? null)) throw new JsonPatchError(`testing value ${raw.path} failed`);
        break;
      default:
        throw new JsonPatchError(`unexpected operation: ${raw.op}`);
    }
  }
  return doc.root;
}

// ---------------------------------------------------------------- strategic merge patch

/** Merge keys by field path (list elements transparent), as the Go struct tags declare them. */
export interface MergeSchema {
  keys: Record<string, string>;
  /** Primitive lists with patchStrategy=merge: union, never replace (finalizers). */
  primitiveMerge: Set<string>;
}

const CONTAINER_KEYS = (prefix: string): Record<string, string> => ({
  [prefix]: 'name',
  [`${prefix}.env`]: 'name',
  [`${prefix}.ports`]: 'containerPort',
  [`${prefix}.volumeMounts`]: 'mountPath',
  [`${prefix}.volumeDevices`]: 'devicePath',
});

const METADATA_KEYS = { 'metadata.ownerReferences': 'uid' };

export const POD_MERGE_SCHEMA: MergeSchema = {
  keys: {
    ...METADATA_KEYS,
    ...CONTAINER_KEYS('spec.containers'),
    ...CONTAINER_KEYS('spec.initContainers'),
    ...CONTAINER_KEYS('spec.ephemeralContainers'),
    'spec.volumes': 'name',
    'spec.imagePullSecrets': 'name',
    'spec.hostAliases': 'ip',
    'spec.topologySpreadConstraints': 'topologyKey',
    'spec.schedulingGates': 'name',
    'spec.resourceClaims': 'name',
    'status.conditions': 'type',
    'status.podIPs': 'ip',
    'status.hostIPs': 'ip',
  },
  primitiveMerge: new Set(['metadata.finalizers']),
};

export const GENERIC_MERGE_SCHEMA: MergeSchema = {
  keys: { ...METADATA_KEYS, 'status.conditions': 'type', 'status.addresses': 'type', 'spec.ports': 'port' },
  primitiveMerge: new Set(['metadata.finalizers']),
};

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.filter((x) => !(isObject(x) && Object.keys(x).length === 1 && '$patch' in x)).map(stripDirectives);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
  return out;
}

/**
 * Merges a list of maps by its merge key, ordered like strategicpatch's normalizeElementOrder:
 * patched items in patch order and untouched server items in server order, interleaved by
 * their server positions, with items new to the server going first (observed: patching
 * conditions [Ready] with [ContainersReady] gives [ContainersReady, Ready]).
 */
function mergeList(original: Json[], patch: Json[], key: string, path: string, schema: MergeSchema): Json[] {
  if (patch.some((x) => isObject(x) && x.$patch === 'replace')) return stripDirectives(patch) as Json[];
  const indexIn = (list: Json[], item: Json) => list.findIndex((o) => isObject(o) && isObject(item) && deepEqual(o[key], item[key]));
  const patched: Json[] = [];
  const deleted: Json[] = [];
  for (const element of patch) {
    if (!isObject(element)) throw badRequest(`unable to find api field in struct ${path} for the json field ${JSON.stringify(element)}`);
    if (!(key in element)) throw badRequest(`map: ${JSON.stringify(element)} does not contain declared merge key: ${key}`);
    const at = indexIn(original, element);
    if (element.$patch === 'delete') deleted.push(element);
    else patched.push(at >= 0 ? mergeMap(original[at] as JsonObject, element, path, schema) : stripDirectives(element));
  }
  const serverOnly = original.filter((o) => indexIn(patched, o) < 0 && indexIn(deleted, o) < 0);
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < patched.length || j < serverOnly.length) {
    if (i >= patched.length) out.push(serverOnly[j++]!);
    else if (j >= serverOnly.length) out.push(patched[i++]!);
    else {
      const li = indexIn(original, patched[i]!);
      const ri = indexIn(original, serverOnly[j]!);
      if (li >= 0 && ri >= 0 && ri < li) out.push(serverOnly[j++]!);
      else out.push(patched[i++]!);
    }
  }
  return out;
}

function mergeMap(original: JsonObject, patch: JsonObject, path: string, schema: MergeSchema): Json {
  if (patch.$patch === 'replace') return stripDirectives(patch);
  if (patch.$patch === 'delete') return null;
  const out: JsonObject = { ...original };
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const current = out[field];
      if (Array.isArray(current) && Array.isArray(v)) out[field] = current.filter((x) => !v.some((d) => deepEqual(d, x)));
      continue;
    }
    if (k.startsWith('$')) continue; // $setElementOrder/…, $retainKeys, $patch: ordering hints and handled directives
    const childPath = path ? `${path}.${k}` : k;
    if (v === null) {
      delete out[k];
    } else if (isObject(v) && isObject(out[k])) {
      const merged = mergeMap(out[k] as JsonObject, v, childPath, schema);
      if (merged === null) delete out[k];
      else out[k] = merged;
    } else if (isObject(v) && v.$patch === 'delete') {
      delete out[k];
    } else if (Array.isArray(v) && Array.isArray(out[k])) {
      const key = schema.keys[childPath];
      if (key) out[k] = mergeList(out[k] as Json[], v, key, childPath, schema);
      else if (schema.primitiveMerge.has(childPath)) out[k] = [...(out[k] as Json[]), ...v.filter((x) => !(out[k] as Json[]).some((o) => deepEqual(o, x)))];
      else out[k] = stripDirectives(v);
    } else {
      out[k] = stripDirectives(v);
    }
  }
  return out;
}

export function applyStrategicMergePatch(original: JsonObject, patch: Json, schema: MergeSchema): JsonObject {
  if (!isObject(patch)) throw badRequest('json: cannot unmarshal array into Go value of type map[string]interface {}');
  const merged = mergeMap(original, patch, '', schema);
  return isObject(merged) ? merged : {};
}

// ---------------------------------------------------------------- dispatch

/** The media type without parameters ("; charset=utf-8"), as the patch handler compares it. */
export function patchTypeOf(contentType: string | undefined): string {
  const ct = contentType ?? '';
  const i = ct.indexOf(';');
  return (i > 0 ? ct.slice(0, i) : ct).trim();
}

function decode(body: string, context: string): Json {
  try {
    return JSON.parse(body) as Json;
  } catch (e) {
    throw badRequest(`${context}${(e as Error).message}`);
  }
}

/**
 * Applies `body` (of media type `contentType`) to `original`. Apply patches are treated as
 * a strategic merge of the applied configuration: enough for the shapes we serve, but
 * without server-side apply's field ownership and conflicts.
 */
export function applyPatch(originalObject: Record<string, unknown>, contentType: string | undefined, body: string, schema: MergeSchema): Record<string, unknown> {
  const original = originalObject as JsonObject;
  const type = patchTypeOf(contentType);
  switch (type) {
    case JSON_PATCH: {
      const ops = decode(body, 'error decoding patch: ');
      try {
        const out = applyJsonPatch(original, ops);
        if (!isObject(out)) throw new JsonPatchError('patched document is not an object');
        return out;
      } catch (e) {
        if (e instanceof ApiError) throw e;
        // NewGenericServerResponse(422, …): the library's own words are not passed on.
        throw failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
      }
    }
    case MERGE_PATCH: {
      const patch = decode(body, 'error decoding patch: ');
      const out = applyMergePatch(original, patch);
      return isObject(out) ? out : {};
    }
    case STRATEGIC_MERGE_PATCH:
      return applyStrategicMergePatch(original, decode(body, ''), schema);
    case APPLY_PATCH:
      return applyStrategicMergePatch(original, decode(body, 'error decoding YAML: '), schema);
    default:
      throw unsupportedMediaType();
  }
}
