// Single-object verbs with the generic registry's semantics (k8s.io/apiserver/pkg/registry/
// generic/registry/store.go): create (generateName, namespace lifecycle, AlreadyExists), update
// and patch (optimistic concurrency, no-op writes skipped, status subresource rules),
// graceful delete with finalizers and propagation policies, deletecollection and pods/binding.

import { alreadyExists, badRequest, conflict, failure, fieldError, invalid, notFound, OPTIMISTIC_LOCK_MESSAGE, type FieldCause } from './apiErrors';
import { managerName, updateManagedFields } from './managedFields';
import type { ObjectStore } from './objectStore';
import { APPLY_PATCH, applyPatch, patchTypeOf } from './patch';
import { bindPod } from './podStrategy';
import { labelValueErrors, qualifiedNameErrors } from './selectors';
import { NAMESPACE, POD, type CreateContext, type ResourceType } from './resources';
import { apiVersionOf, fullJson, parseStored, type KubeObject, type StoredObject } from './storedObject';

export interface WriteContext {
  store: ObjectStore;
  type: ResourceType;
  namespace: string;
  query: URLSearchParams;
  userAgent: string | undefined;
  managedFields: boolean;
  createContext: CreateContext;
}

export interface Reply {
  status: number;
  body: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const gr = (t: ResourceType) => ({ group: t.group, resource: t.resource });
const kindOf = (t: ResourceType) => ({ group: t.group, kind: t.kind });
const objectJson = (t: ResourceType, o: KubeObject) => JSON.stringify({ kind: t.kind, apiVersion: apiVersionOf(t), ...o });

export function parseBody(text: string): KubeObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
  if (!isObj(value)) throw badRequest("Object 'Kind' is missing in '" + text.slice(0, 200) + "'");
  return value as KubeObject;
}

function dryRun(query: URLSearchParams): boolean {
  const v = query.getAll('dryRun');
  for (const x of v) if (x !== 'All') throw invalid({ group: 'meta.k8s.io', kind: 'CreateOptions' }, '', [fieldError.notSupported('dryRun', v, ['All'])]);
  return v.length > 0;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function validateName(t: ResourceType, name: string): FieldCause[] {
  if (t.group === 'rbac.authorization.k8s.io') {
    // RBAC names are path segments: anything but "/", "%", "." and "..".
    return name.includes('/') || name.includes('%') || name === '.' || name === '..' ? [fieldError.invalid('metadata.name', name, 'may not contain \'/\' or \'%\'')] : [];
  }
  if (t === NAMESPACE) {
    return DNS1123_LABEL.test(name) && name.length <= 63
      ? []
      : [fieldError.invalid('metadata.name', name, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")];
  }
  return DNS1123_SUBDOMAIN.test(name) && name.length <= 253
    ? []
    : [fieldError.invalid('metadata.name', name, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")];
}

/** NamespaceLifecycle admission: the namespace must exist, and must not be terminating for creates. */
function checkNamespace(ctx: WriteContext, objectName: string): void {
  if (!ctx.type.namespaced) return;
  const ns = ctx.store.get(NAMESPACE, '', ctx.namespace);
  if (!ns) throw notFound({ group: '', resource: 'namespaces' }, ctx.namespace);
  const obj = JSON.parse(ns.json) as KubeObject;
  if (obj.metadata?.deletionTimestamp) {
    const err = failure(403, 'Forbidden', `${ctx.type.resource} "${objectName}" is forbidden: unable to create new content in namespace ${ctx.namespace} because it is being terminated`, {
      name: objectName, group: ctx.type.group, kind: ctx.type.resource,
      causes: [{ reason: 'NamespaceTerminating', message: `namespace ${ctx.namespace} is being terminated`, field: 'metadata.namespace' }],
    });
    throw err;
  }
}

function ensureNamespace(ctx: WriteContext, obj: KubeObject): void {
  const meta = (obj.metadata ??= {});
  if (!ctx.type.namespaced) {
    delete meta.namespace;
    return;
  }
  if (meta.namespace && meta.namespace !== ctx.namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  meta.namespace = ctx.namespace;
}

function stampManagedFields(ctx: WriteContext, prev: KubeObject | undefined, next: KubeObject, subresource: string): void {
  const meta = (next.metadata ??= {});
  if (!ctx.managedFields) {
    delete meta.managedFields;
    return;
  }
  const entries = updateManagedFields(prev, next, {
    manager: managerName(ctx.query.get('fieldManager'), ctx.userAgent), apiVersion: apiVersionOf(ctx.type), time: ctx.store.timestamp(), subresource, schema: ctx.type.mergeSchema,
  });
  if (entries.length) meta.managedFields = entries;
  else delete meta.managedFields;
}

/** apimachinery's ValidateLabels: each key a qualified name, each value a label value. */
function labelErrors(meta: Obj): FieldCause[] {
  const labels = isObj(meta.labels) ? meta.labels : {};
  const errs: FieldCause[] = [];
  for (const [k, v] of Object.entries(labels)) {
    for (const msg of qualifiedNameErrors(k)) errs.push(fieldError.invalid('metadata.labels', k, msg));
    for (const msg of labelValueErrors(String(v))) errs.push(fieldError.invalid('metadata.labels', v, msg));
  }
  return errs;
}

export function getObject(ctx: WriteContext, name: string): StoredObject {
  const o = ctx.store.get(ctx.type, ctx.namespace, name);
  if (!o) throw notFound(gr(ctx.type), name);
  return o;
}

export function createObject(ctx: WriteContext, body: string): Reply {
  const t = ctx.type;
  const obj = parseBody(body);
  t.decode?.(obj);
  const isDryRun = dryRun(ctx.query);
  ensureNamespace(ctx, obj);
  const meta = obj.metadata!;
  if (meta.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
  if (!meta.name && meta.generateName) meta.name = `${String(meta.generateName).slice(0, 58)}${ctx.store.nameSuffix()}`;
  const name = String(meta.name ?? '');
  checkNamespace(ctx, name);
  for (const k of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'selfLink', 'managedFields']) delete meta[k];
  t.defaults?.(obj);
  // managedFields leave status out (reset fields of the main resource), so nobody owns what the request said about it.
  stampManagedFields(ctx, undefined, obj, '');
  // Mutating admission runs before the strategy, validating admission after validation and
  // before storage (so a refused pod is refused even when its name is taken).
  const admission = t === POD ? ctx.createContext.podAdmission : undefined;
  admission?.mutate(obj, ctx.namespace);
  t.prepareForCreate?.(obj, ctx.createContext);
  const errs = name ? validateName(t, name) : [fieldError.required('metadata.name', 'name or generateName is required')];
  errs.push(...labelErrors(meta), ...(t.validate?.(obj) ?? []));
  if (errs.length) throw invalid(kindOf(t), name, errs);
  admission?.validate(obj, ctx.namespace, name);
  if (ctx.store.get(t, ctx.namespace, name)) throw alreadyExists(gr(t), name);
  if (isDryRun) {
    meta.uid = ctx.store.uid();
    meta.creationTimestamp = ctx.store.timestamp();
    return { status: 201, body: objectJson(t, obj) };
  }
  const { kind: _k, apiVersion: _a, ...rest } = obj;
  return { status: 201, body: fullJson(t, ctx.store.create(t, rest)) };
}

/** Drops fields that are equal apart from bookkeeping, to detect a no-op write. */
function sameContent(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => JSON.stringify({ ...o, kind: undefined, apiVersion: undefined, metadata: { ...o.metadata, managedFields: undefined, resourceVersion: undefined } });
  return strip(a) === strip(b);
}

/**
 * The shared tail of PUT and PATCH: preconditions, strategy, validation, managed fields, and
 * then either nothing (no-op: no new resourceVersion, no event), a finalizing delete, or an update.
 */
function commitUpdate(ctx: WriteContext, current: StoredObject, next: KubeObject, subresource: string, isDryRun: boolean): Reply {
  const t = ctx.type;
  t.decode?.(next);
  const old = parseStored(t, current);
  const meta = (next.metadata ??= {});
  const name = current.meta.name;
  if (meta.name !== undefined && meta.name !== name) throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
  ensureNamespace(ctx, next);
  if (meta.resourceVersion && meta.resourceVersion !== String(current.meta.rv)) throw conflict(gr(t), name, OPTIMISTIC_LOCK_MESSAGE);
  if (meta.uid && meta.uid !== current.meta.uid) throw conflict(gr(t), name, `Precondition failed: UID in precondition: ${String(meta.uid)}, UID in object meta: ${current.meta.uid}`);
  const oldMeta = old.metadata!;
  for (const k of ['name', 'uid', 'creationTimestamp', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds']) meta[k] = oldMeta[k];
  t.defaults?.(next);
  if (t === NAMESPACE) meta.namespace = undefined;
  if (subresource === 'finalize') {
    // namespaces/finalize: only spec.finalizers changes (what the namespace controller calls at the end).
    const finalizers = isObj(next.spec) ? next.spec.finalizers : undefined;
    Object.assign(next, { spec: { ...(old.spec as Obj | undefined), finalizers }, status: old.status });
  } else if (subresource === 'status' && t.prepareForStatusUpdate) t.prepareForStatusUpdate(next, old);
  else if (!subresource && t.prepareForUpdate) t.prepareForUpdate(next, old);
  // /status cannot change the spec, so the spec's update rules and validation have nothing to say.
  const errs = subresource === 'status' ? (t.validateStatus?.(next) ?? []) : [...labelErrors(isObj(next.metadata) ? next.metadata : {}), ...(t.validateUpdate?.(next, old) ?? []), ...(t.validate?.(next) ?? [])];
  if (errs.length) throw invalid(kindOf(t), name, errs);
  meta.managedFields = oldMeta.managedFields;
  if (sameContent(next, old)) return { status: 200, body: fullJson(t, current) };
  stampManagedFields(ctx, old, next, subresource);
  if (isDryRun) return { status: 200, body: objectJson(t, next) };
  const { kind: _k, apiVersion: _a, ...rest } = next;
  // shouldDeleteDuringUpdate: a deleting object whose last finalizer went away is gone now.
  const finalizers = Array.isArray(meta.finalizers) ? meta.finalizers : [];
  if (meta.deletionTimestamp && meta.deletionGracePeriodSeconds === 0 && finalizers.length === 0 && !hasSpecFinalizers(t, next)) {
    const updated = ctx.store.update(t, rest, current, old);
    return { status: 200, body: fullJson(t, ctx.store.remove(t, updated)) };
  }
  return { status: 200, body: fullJson(t, ctx.store.update(t, rest, current, old)) };
}

export function updateObject(ctx: WriteContext, name: string, subresource: string, body: string): Reply {
  const current = getObject(ctx, name);
  const next = parseBody(body);
  return commitUpdate(ctx, current, next, subresource, dryRun(ctx.query));
}

export function patchObject(ctx: WriteContext, name: string, subresource: string, contentType: string | undefined, body: string): Reply {
  const accepted = ctx.type.patchTypes;
  if (accepted && !accepted.includes(patchTypeOf(contentType))) {
    throw failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
  }
  // Server-side apply creates what is absent: the applied configuration becomes the object (201).
  if (!subresource && patchTypeOf(contentType) === APPLY_PATCH && !ctx.store.get(ctx.type, ctx.namespace, name)) {
    const applied = parseBody(body);
    const meta = (applied.metadata ??= {});
    if (meta.name !== undefined && meta.name !== name) throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
    meta.name = name;
    return createObject(ctx, JSON.stringify(applied));
  }
  const current = getObject(ctx, name);
  const original = parseStored(ctx.type, current);
  const patched = applyPatch(original, contentType, body, ctx.type.mergeSchema);
  return commitUpdate(ctx, current, patched, subresource, dryRun(ctx.query));
}

interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

export function deleteOptions(query: URLSearchParams, body: string): DeleteOptions {
  const opts: DeleteOptions = body.trim() ? (parseBody(body) as DeleteOptions) : {};
  const grace = query.get('gracePeriodSeconds');
  if (grace !== null) opts.gracePeriodSeconds = Number(grace);
  const policy = query.get('propagationPolicy');
  if (policy) opts.propagationPolicy = policy;
  if (query.getAll('dryRun').length) opts.dryRun = query.getAll('dryRun');
  if (opts.propagationPolicy && !['Orphan', 'Background', 'Foreground'].includes(opts.propagationPolicy)) {
    throw invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [fieldError.notSupported('propagationPolicy', opts.propagationPolicy, ['Foreground', 'Background', 'Orphan', 'nil'])]);
  }
  return opts;
}

function deletedReply(t: ResourceType, o: StoredObject): string {
  if (t.returnDeletedObject) return fullJson(t, o);
  const details: Obj = { name: o.meta.name };
  if (t.group) details.group = t.group;
  details.kind = t.resource;
  details.uid = o.meta.uid;
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details });
}

/** A namespace is only gone once its spec.finalizers (the namespace controller's) are empty too. */
function hasSpecFinalizers(t: ResourceType, o: KubeObject): boolean {
  return t === NAMESPACE && isObj(o.spec) && Array.isArray(o.spec.finalizers) && o.spec.finalizers.length > 0;
}

/** Store.Delete with rest.BeforeDelete: graceful, pending, finalizing or immediate. */
export function deleteStored(ctx: WriteContext, current: StoredObject, opts: DeleteOptions): Reply {
  const t = ctx.type;
  const name = current.meta.name;
  const pre = opts.preconditions ?? {};
  // Worded as the registry's own precondition check words them (GroupResource made of the Kind).
  const preconditionFailed = (what: string, wanted: string, actual: string, hint: string) =>
    conflict({ group: t.group, resource: t.kind }, name, `the ${what} in the precondition (${wanted}) does not match the ${what} in record (${actual}). ${hint}`);
  if (pre.uid && pre.uid !== current.meta.uid) throw preconditionFailed('UID', pre.uid, current.meta.uid, 'The object might have been deleted and then recreated');
  if (pre.resourceVersion && pre.resourceVersion !== String(current.meta.rv)) {
    throw preconditionFailed('ResourceVersion', pre.resourceVersion, String(current.meta.rv), 'The object might have been modified');
  }
  const obj = parseStored(t, current);
  const meta = obj.metadata!;
  const isDryRun = (opts.dryRun?.length ?? 0) > 0;
  const now = ctx.store.timestamp();
  let graceful = false;
  if (t.gracePeriod) {
    const pendingGrace = meta.deletionTimestamp ? Number(meta.deletionGracePeriodSeconds ?? 0) : null;
    if (pendingGrace === null) {
      // First delete: CheckGracefulDelete picks the period; even 0 goes through an update that
      // stamps deletionTimestamp (a MODIFIED event before the DELETED one, as on the real server).
      const grace = t.gracePeriod(obj, opts.gracePeriodSeconds);
      meta.deletionTimestamp = ctx.store.timestamp(grace);
      meta.deletionGracePeriodSeconds = grace;
      if (typeof meta.generation === 'number' && meta.generation > 0) meta.generation += 1;
      graceful = true;
    } else if (pendingGrace > 0) {
      // Already terminating: only a shorter grace period changes anything.
      if (opts.gracePeriodSeconds === undefined || opts.gracePeriodSeconds >= pendingGrace) return { status: 200, body: deletedReply(t, current) };
      const start = Date.parse(String(meta.deletionTimestamp)) - pendingGrace * 1000;
      meta.deletionTimestamp = new Date(start + opts.gracePeriodSeconds * 1000).toISOString().replace('.000Z', 'Z');
      meta.deletionGracePeriodSeconds = opts.gracePeriodSeconds;
      graceful = true;
    }
  }
  if (!isDryRun) t.beforeDelete?.(obj, now);
  // deletionFinalizersForGarbageCollection: the propagation policy as a finalizer. Nothing
  // runs the garbage collector here (as on a control plane without kube-controller-manager).
  let finalizers = Array.isArray(meta.finalizers) ? (meta.finalizers as string[]).slice() : [];
  const before = finalizers.join('\u0000');
  if (opts.propagationPolicy === 'Foreground') finalizers = [...finalizers.filter((f) => f !== 'orphan'), ...(finalizers.includes('foregroundDeletion') ? [] : ['foregroundDeletion'])];
  else if (opts.propagationPolicy === 'Orphan') finalizers = [...finalizers.filter((f) => f !== 'foregroundDeletion'), ...(finalizers.includes('orphan') ? [] : ['orphan'])];
  else if (opts.propagationPolicy === 'Background') finalizers = finalizers.filter((f) => f !== 'orphan' && f !== 'foregroundDeletion');
  const finalizersChanged = finalizers.join('\u0000') !== before;
  if (finalizersChanged) meta.finalizers = finalizers.length ? finalizers : undefined;
  if (t === NAMESPACE && !meta.deletionTimestamp && (hasSpecFinalizers(t, obj) || finalizers.length > 0)) {
    // Namespaces wait for the namespace controller (the "kubernetes" finalizer in spec).
    meta.deletionTimestamp = now;
    meta.deletionGracePeriodSeconds = 0;
    obj.status = { ...(obj.status as Obj | undefined), phase: 'Terminating' };
    graceful = true;
  }
  if (finalizers.length > 0 && !graceful) {
    // markAsDeleting: the object stays, marked, until its finalizers are removed.
    if (!meta.deletionTimestamp && typeof meta.generation === 'number' && meta.generation > 0) meta.generation += 1;
    meta.deletionTimestamp ??= now;
    meta.deletionGracePeriodSeconds = 0;
    graceful = true;
  }
  const { kind: _k, apiVersion: _a, ...rest } = obj;
  const removeNow = finalizers.length === 0 && Number(meta.deletionGracePeriodSeconds ?? 0) === 0 && !hasSpecFinalizers(t, obj);
  if (isDryRun) return { status: 200, body: t.returnDeletedObject ? objectJson(t, obj) : deletedReply(t, current) };
  if (!graceful && !finalizersChanged) return { status: 200, body: deletedReply(t, ctx.store.remove(t, current)) };
  // Nothing to write (a repeated delete of an object held by finalizers): no new revision.
  if (!removeNow && sameContent(obj, parseStored(t, current))) return { status: 200, body: deletedReply(t, current) };
  const updated = ctx.store.update(t, rest, current);
  return { status: 200, body: deletedReply(t, removeNow ? ctx.store.remove(t, updated) : updated) };
}

/** pods/binding: what the scheduler posts; binds an unbound pod to a node. */
export function bindObject(ctx: WriteContext, name: string, body: string): Reply {
  const binding = parseBody(body);
  const target = isObj(binding.target) ? binding.target : {};
  const current = getObject(ctx, name);
  const pod = parseStored(POD, current);
  const spec = (pod.spec ?? {}) as Obj;
  const bgr = { group: '', resource: 'pods/binding' };
  if (pod.metadata?.deletionTimestamp) throw conflict(bgr, name, `pod ${name} is being deleted, cannot be assigned to a host`);
  if (spec.nodeName) throw conflict(bgr, name, `pod ${name} is already assigned to node "${String(spec.nodeName)}"`);
  if (!target.name) throw invalid({ group: '', kind: 'Binding' }, name, [fieldError.required('target.name')]);
  bindPod(pod, String(target.name), ctx.store.timestamp());
  const { kind: _k, apiVersion: _a, ...rest } = pod;
  ctx.store.update(POD, rest, current);
  return { status: 201, body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }) };
}
