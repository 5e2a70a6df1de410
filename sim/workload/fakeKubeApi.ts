// A map-backed stand-in for the Kubernetes API, for the simulator's unit tests: create, get,
// list by label, merge patch (object and status), PUT status, delete (graceful for bound
// pods), binding, events, with Status errors like the real ones. Every call is recorded;
// `fail` can inject errors, `options` can turn binding or events off.

import type { KubeObjectMeta } from '../../lib/kube/types';
import { KubeApiError, type Query } from '../../server/kube/kubeTransport';
import { applyMergePatch, type Json } from '../cluster/patch';

export interface FakeCall {
  /** The fake's clock when the call arrived. */
  at: number;
  method: string;
  path: string;
  query?: Query;
  body?: unknown;
  contentType?: string;
}

type Obj = { metadata?: KubeObjectMeta; spec?: Record<string, unknown>; status?: Record<string, unknown> | null } & Record<string, unknown>;

export interface FakeKubeApiOptions {
  binding?: boolean;
  events?: boolean;
  /** Graceful deletion of bound pods (deletionTimestamp first), as a real API does. */
  gracefulPodDelete?: boolean;
  /** Return an error to fail this call (before it has any effect). */
  fail?: (call: FakeCall) => Error | undefined;
  /** Keep every call in `calls` (default true; off for long runs). */
  record?: boolean;
  /** Real milliseconds to wait before answering (to vary the order answers arrive in). */
  delay?: (call: FakeCall) => number;
  now?: () => number;
}

export interface FakeKubeApi {
  requestJson<T>(method: string, path: string, options?: { query?: Query; body?: unknown; contentType?: string }): Promise<T>;
  readonly calls: FakeCall[];
  get(path: string): Obj | undefined;
  /** Stores an object as if someone else had created or changed it. */
  put(path: string, obj: Obj): void;
  /** Objects under a collection path, e.g. /api/v1/namespaces/ns/pods. */
  list(collection: string): Obj[];
  remove(path: string): void;
}

// Stored objects are never changed in place (every change builds new objects along its path),
// so answers can share structure with the store: a shallow copy is enough, and lists of
// hundreds of pods stay cheap. Request bodies are deep-copied once, on the way in.
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));
const copy = <T extends object>(v: T): T => ({ ...v });

// RFC 7386, as the embedded cluster applies it.
const mergePatch = (target: unknown, patch: unknown): unknown => applyMergePatch(target as Json, patch as Json);

function matches(labels: Record<string, string> | undefined, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [k, v] = term.split('=');
    return labels?.[k!] === v;
  });
}

export function createFakeKubeApi(options: FakeKubeApiOptions = {}): FakeKubeApi {
  // Collection path → name → object.
  const collections = new Map<string, Map<string, Obj>>();
  const split = (path: string) => {
    const at = path.lastIndexOf('/');
    return { collection: path.slice(0, at), name: path.slice(at + 1) };
  };
  const objects = {
    get(path: string) {
      const { collection, name } = split(path);
      return collections.get(collection)?.get(name);
    },
    has: (path: string) => objects.get(path) !== undefined,
    set(path: string, obj: Obj) {
      const { collection, name } = split(path);
      let c = collections.get(collection);
      if (!c) collections.set(collection, (c = new Map()));
      c.set(name, obj);
    },
    delete(path: string) {
      const { collection, name } = split(path);
      collections.get(collection)?.delete(name);
    },
    list: (collection: string) => [...(collections.get(collection)?.values() ?? [])],
  };
  const calls: FakeCall[] = [];
  let uid = 0;
  let rv = 1;
  const now = options.now ?? (() => Date.UTC(2025, 10, 24, 12, 0, 0));
  const time = () => new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const notFound = (name: string) => new KubeApiError(`"${name}" not found`, 404, 'NotFound', { kind: 'Status', code: 404, reason: 'NotFound', message: `"${name}" not found`, details: { name } });

  function parse(path: string): { collection: string; name?: string; sub?: string } {
    const parts = path.split('/').filter(Boolean);
    // /api/v1/<res>[/<name>], /api/v1/namespaces/<ns>/<res>[/<name>[/<sub>]], /apis/<g>/<v>/... likewise
    const head = parts[0] === 'api' ? 2 : 3;
    const rest = parts.slice(head);
    const prefix = '/' + parts.slice(0, head).join('/');
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      return { collection: `${prefix}/namespaces/${rest[1]}/${rest[2]}`, name: rest[3], sub: rest[4] };
    }
    return { collection: `${prefix}/${rest[0]}`, name: rest[1], sub: rest[2] };
  }

  async function requestJson<T>(method: string, path: string, opts: { query?: Query; body?: unknown; contentType?: string } = {}): Promise<T> {
    const call: FakeCall = { at: now(), method, path, ...opts };
    if (options.record !== false) calls.push(call);
    const wait = options.delay?.(call) ?? 0;
    await (wait > 0 ? new Promise((r) => setTimeout(r, wait)) : Promise.resolve());
    const injected = options.fail?.(call);
    if (injected) throw injected;
    const { collection, name, sub } = parse(path);
    const key = name ? `${collection}/${name}` : collection;
    const existing = name ? objects.get(key) : undefined;
    const isPods = collection.endsWith('/pods');

    if (method === 'POST' && !name) {
      if (collection.endsWith('/events') && options.events === false) throw new KubeApiError('the server could not find the requested resource', 404, 'NotFound');
      const body = clone(opts.body as Obj);
      const objName = body.metadata?.name ?? '';
      const objKey = `${collection}/${objName}`;
      if (objects.has(objKey)) throw new KubeApiError(`"${objName}" already exists`, 409, 'AlreadyExists');
      const n = ++uid;
      body.metadata = { ...body.metadata, uid: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`, resourceVersion: String(++rv), creationTimestamp: time() };
      if (isPods) body.status = { phase: 'Pending', qosClass: 'Burstable' };
      objects.set(objKey, body);
      return copy(body) as T;
    }
    if (sub === 'binding' && method === 'POST') {
      if (options.binding === false) throw new KubeApiError('the server could not find the requested resource', 404, 'NotFound');
      if (!existing) throw notFound(name ?? '');
      const target = (opts.body as { target?: { name?: string } }).target?.name;
      objects.set(key, { ...existing, spec: { ...existing.spec, nodeName: target }, metadata: { ...existing.metadata, resourceVersion: String(++rv) } });
      return { kind: 'Status', apiVersion: 'v1', status: 'Success', code: 201 } as T;
    }
    if (method === 'GET' && !name) {
      const selector = opts.query?.labelSelector as string | undefined;
      const items = objects.list(collection).filter((o) => matches(o.metadata?.labels, selector)).map(copy);
      return { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: String(rv) }, items } as T;
    }
    if (!existing) throw notFound(name ?? '');
    if (method === 'GET') return copy(existing) as T;
    if (method === 'PATCH') {
      const patch = opts.body as Obj;
      const next = (sub === 'status' ? { ...existing, status: mergePatch(existing.status, patch.status) } : mergePatch(existing, patch)) as Obj;
      next.metadata = { ...next.metadata, resourceVersion: String(++rv) };
      objects.set(key, next);
      return copy(next) as T;
    }
    if (method === 'PUT' && sub === 'status') {
      const next = { ...existing, status: clone((opts.body as Obj).status ?? null), metadata: { ...existing.metadata, resourceVersion: String(++rv) } };
      objects.set(key, next);
      return copy(next) as T;
    }
    if (method === 'DELETE') {
      const grace = opts.query?.gracePeriodSeconds;
      if (isPods && options.gracefulPodDelete !== false && existing.spec?.nodeName && grace !== 0 && grace !== '0') {
        if (existing.metadata?.deletionTimestamp) return copy(existing) as T;
        const marked = { ...existing, metadata: { ...existing.metadata, deletionTimestamp: time(), deletionGracePeriodSeconds: 30, resourceVersion: String(++rv) } };
        objects.set(key, marked);
        return copy(marked) as T;
      }
      objects.delete(key);
      return copy(existing) as T;
    }
    throw new KubeApiError(`${method} ${path} is not supported by the fake`, 405, 'MethodNotAllowed');
  }

  return {
    requestJson,
    calls,
    get: (path) => objects.get(path),
    put: (path, obj) => objects.set(path, obj),
    list: (collection) => objects.list(collection),
    remove: (path) => objects.delete(path),
  };
}
