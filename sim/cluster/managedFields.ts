// metadata.managedFields as a real server writes them for create/update/patch: one FieldsV1
// entry per (manager, operation, subresource), naming every field that manager set, with
// keyed list items (`k:{"name":"spark"}`), set items (`v:"…"`) and "." for objects and lists
// the writer created. An approximation of
// structured-merge-diff (no schema: keys come from the merge schema), faithful in shape and
// size, which is what makes stored objects realistically large.

import type { MergeSchema } from './patch';
import type { KubeObject } from './storedObject';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Update' | 'Apply';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Obj;
  subresource?: string;
}

/** Fields that are the server's, never a manager's (fieldmanager strips them). */
const SYSTEM_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds']);
const SET_LISTS = new Set(['metadata.finalizers', 'spec.finalizers']);
/**
 * Paths present in the Go zero value of a kind (value structs, lists without omitempty). A
 * "." marks an object or list that a writer brought into existence, so on create these get none.
 */
const ZERO_PRESENT = ['f:metadata', 'f:spec', 'f:status', 'f:spec\u0000f:containers', 'f:rules', 'f:roleRef', 'f:involvedObject', 'f:source'].map((p) => `${p}\u0000.`);

/** Leaf paths of `value` as FieldsV1 path strings, with each leaf's JSON (to see what changed). */
function flatten(value: unknown, path: string, schemaPath: string, schema: MergeSchema, out: Map<string, string>): void {
  if (isObj(value)) {
    const keys = Object.keys(value);
    // An empty object is a leaf (structured-merge-diff promotes empty maps to leaves).
    if (keys.length === 0) {
      out.set(path, '{}');
      return;
    }
    if (path) out.set(`${path}\u0000.`, '');
    for (const k of keys) {
      if (value[k] === undefined) continue;
      const childSchema = schemaPath ? `${schemaPath}.${k}` : k;
      flatten(value[k], path ? `${path}\u0000f:${k}` : `f:${k}`, childSchema, schema, out);
    }
    return;
  }
  if (Array.isArray(value)) {
    const key = schema.keys[schemaPath];
    if (key && value.every((x) => isObj(x) && x[key] !== undefined)) {
      out.set(`${path}\u0000.`, '');
      for (const item of value as Obj[]) {
        const id = key === 'containerPort' ? { containerPort: item.containerPort, protocol: item.protocol ?? 'TCP' } : { [key]: item[key] };
        const itemPath = `${path}\u0000k:${JSON.stringify(id)}`;
        flatten(item, itemPath, schemaPath, schema, out);
      }
      return;
    }
    if (SET_LISTS.has(schemaPath)) {
      out.set(`${path}\u0000.`, '');
      for (const item of value) out.set(`${path}\u0000v:${JSON.stringify(item)}`, '');
      return;
    }
  }
  out.set(path, JSON.stringify(value));
}

/** What a writer can own: the main resource never owns status; /status owns status and metadata it changed. */
function managedView(obj: KubeObject, subresource: string): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'kind' || k === 'apiVersion' || (subresource === 'status' ? k !== 'status' && k !== 'metadata' : k === 'status')) continue;
    if (k === 'metadata' && isObj(v)) {
      const meta: Obj = {};
      for (const [mk, mv] of Object.entries(v)) if (!SYSTEM_META.has(mk)) meta[mk] = mv;
      if (Object.keys(meta).length) out.metadata = meta;
      continue;
    }
    out[k] = v;
  }
  return out;
}

function leaves(obj: KubeObject, subresource: string, schema: MergeSchema): Map<string, string> {
  const out = new Map<string, string>();
  flatten(managedView(obj, subresource), '', '', schema, out);
  return out;
}

function toFieldsV1(paths: Iterable<string>): Obj {
  const root: Obj = {};
  for (const p of paths) {
    let node = root;
    for (const part of p.split('\u0000')) node = (node[part] ??= {}) as Obj;
  }
  return root;
}


export interface ManagedFieldsChange {
  manager: string;
  apiVersion: string;
  time: string;
  subresource: string;
  schema: MergeSchema;
}

/**
 * Returns the managedFields of `next` after `change.manager` wrote it over `prev` (absent on
 * create): the writer owns what it changed or added, other managers lose those fields, and
 * fields that disappeared leave every set. Entries left empty are dropped.
 */
export function updateManagedFields(prev: KubeObject | undefined, next: KubeObject, change: ManagedFieldsChange): ManagedFieldsEntry[] {
  const entries = Array.isArray(prev?.metadata?.managedFields) ? (prev!.metadata!.managedFields as ManagedFieldsEntry[]) : [];
  const nextLeaves = leaves(next, change.subresource, change.schema);
  // A "." marks a map or list the writer brought into existence. On create the baseline is
  // the Go zero value, in which lists without omitempty (spec.containers, rules) already exist as null.
  const prevLeaves = prev ? leaves(prev, change.subresource, change.schema) : new Map<string, string>(ZERO_PRESENT.map((p) => [p, '']));
  const changed: string[] = [];
  for (const [p, v] of nextLeaves) if (prevLeaves.get(p) !== v) changed.push(p);
  const removed: string[] = [];
  for (const p of prevLeaves.keys()) if (!nextLeaves.has(p)) removed.push(p);
  const out: ManagedFieldsEntry[] = [];
  let mine: ManagedFieldsEntry | undefined;
  // Entries are edited path by path: the big set of the creator is never flattened again on
  // a status write, which keeps thousands of updates per second cheap.
  for (const original of entries) {
    const isMine = original.manager === change.manager && original.operation === 'Update' && (original.subresource ?? '') === change.subresource;
    const lose = isMine ? removed : [...removed, ...changed];
    let e = original;
    for (const p of lose) {
      if (!hasPath(e.fieldsV1, p)) continue;
      if (e === original) e = { ...original, fieldsV1: structuredClone(original.fieldsV1) };
      deletePath(e.fieldsV1, p);
    }
    if (isMine && changed.length) {
      if (e === original) e = { ...original, fieldsV1: structuredClone(original.fieldsV1) };
      for (const p of changed) insertPath(e.fieldsV1, p);
      e.fieldsV1 = sortTree(e.fieldsV1);
      e.time = change.time;
    }
    if (isMine) mine = e;
    if (Object.keys(e.fieldsV1).length) out.push(e);
  }
  if (!mine && changed.length) {
    const entry: ManagedFieldsEntry = { manager: change.manager, operation: 'Update', apiVersion: change.apiVersion, time: change.time, fieldsType: 'FieldsV1', fieldsV1: toFieldsV1(changed.sort()) };
    if (change.subresource) entry.subresource = change.subresource;
    out.push(entry);
  }
  return out;
}

const SEP = '\u0000';

function hasPath(tree: Obj, path: string): boolean {
  let node: unknown = tree;
  for (const part of path.split(SEP)) {
    if (!isObj(node) || !(part in node)) return false;
    node = node[part];
  }
  return true;
}

/** Removes a leaf and every parent it leaves empty (an emptied parent is not a leaf of its own). */
function deletePath(tree: Obj, path: string): void {
  const parts = path.split(SEP);
  const stack: Obj[] = [tree];
  for (const part of parts.slice(0, -1)) stack.push(stack[stack.length - 1]![part] as Obj);
  delete stack[stack.length - 1]![parts[parts.length - 1]!];
  for (let i = stack.length - 1; i > 0; i--) {
    if (Object.keys(stack[i]!).length) break;
    delete stack[i - 1]![parts[i - 1]!];
  }
}

function insertPath(tree: Obj, path: string): void {
  let node = tree;
  for (const part of path.split(SEP)) node = (isObj(node[part]) ? node[part] : (node[part] = {})) as Obj;
}

function sortTree(tree: Obj): Obj {
  const out: Obj = {};
  for (const k of Object.keys(tree).sort()) out[k] = isObj(tree[k]) ? sortTree(tree[k] as Obj) : tree[k];
  return out;
}

/** managerOrUserAgent: the fieldManager parameter, else the User-Agent up to its first "/". */
export function managerName(fieldManager: string | null, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  const ua = (userAgent ?? '').split('/')[0]!.trim();
  return (ua || 'unknown').slice(0, 128);
}
