// GET on a collection: list with kube-apiserver's resourceVersion semantics ("" newest, "0"
// any, N with NotOlderThan/Exact), limit/continue paging over a consistent snapshot (token:
// base64url {"v","rv","start"} like storage.EncodeContinue, 410 once the history no longer
// reaches it), and watch: synthetic ADDED then live events, resume from a resourceVersion,
// 410 as an ERROR event inside an HTTP 200 stream, bookmarks, timeouts.

import type { ServerResponse } from 'node:http';
import { ApiError, badRequest, expired, failure, fieldError, invalid, tooLargeResourceVersion, type FieldCause } from './apiErrors';
import type { ObjectStore, WatchSink } from './objectStore';
import type { ResourceType } from './resources';
import { parseFieldSelector, parseLabelSelector, type FieldSelector, type LabelSelector } from './selectors';
import { apiVersionOf, fieldValue, fullJson, parseStored, type StoredObject } from './storedObject';
import { toTable } from './table';

export interface ListQuery {
  namespace: string;
  label: LabelSelector | null;
  field: FieldSelector | null;
  limit: number;
  continueToken: string | null;
  resourceVersion: string | null;
  match: string | null;
}

const CONTINUE_TOO_OLD =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';
const LIST_TOO_OLD = 'The resourceVersion for the provided list is too old.';

const listOptionsInvalid = (causes: FieldCause[]) => invalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', causes);

export function parseResourceVersion(rv: string): number {
  if (!/^\d+$/.test(rv)) throw badRequest(`resourceVersion: Invalid value: ${JSON.stringify(rv)}: strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax`);
  return Number(rv);
}

export function parseListQuery(type: ResourceType, namespace: string, query: URLSearchParams): ListQuery {
  const rv = query.get('resourceVersion');
  const match = query.get('resourceVersionMatch');
  const cont = query.get('continue');
  const causes: FieldCause[] = [];
  if (match) {
    if (!['Exact', 'NotOlderThan'].includes(match)) causes.push(fieldError.notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
    else if (cont) causes.push(fieldError.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    else if (!rv) causes.push(fieldError.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    else if (match === 'Exact' && rv === '0') causes.push(fieldError.forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  }
  if (cont && rv && rv !== '0') causes.push(fieldError.forbidden('resourceVersion', 'specifying resource version is not allowed when using continue'));
  if (causes.length) throw listOptionsInvalid(causes);
  const limit = Number(query.get('limit') ?? 0);
  return {
    namespace,
    label: parseLabelSelector(query.get('labelSelector')),
    field: parseFieldSelector(query.get('fieldSelector'), type.kind, type.fieldLabels)?.match ?? null,
    limit: Number.isFinite(limit) && limit > 0 ? Math.floor(limit) : 0,
    continueToken: cont || null,
    resourceVersion: rv,
    match,
  };
}

interface ContinueToken {
  rv: number;
  start: string;
}

/**
 * storage.EncodeContinue: base64url (unpadded) JSON whose start key is relative to the listed
 * prefix. The watch cache's prefix has no trailing slash, so keys start with "/" (observed:
 * `{"v":"meta.k8s.io/v1","rv":216,"start":"/exec-a\u0000"}`); etcd's tokens lack it. Both decode.
 */
export function encodeContinue(lastKey: string, prefix: string, rv: number): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `/${lastKey.slice(prefix.length)}\u0000` })).toString('base64url');
}

function decodeContinue(token: string, prefix: string): ContinueToken {
  const bad = (why: string) => badRequest(`invalid continue token: continue key is not valid: ${why}`);
  let parsed: { v?: string; rv?: number; start?: string };
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw bad('invalid character');
  }
  if (parsed.v !== 'meta.k8s.io/v1') throw bad(`server does not recognize this encoded key version (${String(parsed.v)})`);
  if (parsed.rv === 0 || typeof parsed.rv !== 'number') throw bad('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (!parsed.start) throw bad('encoded start key empty (version meta.k8s.io/v1)');
  let start = parsed.start.endsWith('\u0000') ? parsed.start.slice(0, -1) : parsed.start;
  if (start.startsWith('/')) start = start.slice(1);
  if (start.split('/').some((part) => part === '..')) throw bad('continue key may not contain ..');
  return { rv: parsed.rv, start: prefix + start };
}

export interface ListResult {
  items: StoredObject[];
  rv: number;
  continueToken?: string;
  remaining?: number;
}

const matchesAll = (q: ListQuery, o: StoredObject) =>
  (!q.label || q.label(o.meta.labels)) && (!q.field || q.field((f) => fieldValue(o, f)));

/** Waits up to 3 s for the store to reach `rv` (the watch cache's waitUntilFreshAndBlock), then 504. */
async function waitFresh(store: ObjectStore, rv: number): Promise<void> {
  const deadline = Date.now() + 3000;
  while (store.resourceVersion < rv) {
    if (Date.now() > deadline) throw tooLargeResourceVersion(rv, store.resourceVersion);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function list(store: ObjectStore, type: ResourceType, q: ListQuery): Promise<ListResult> {
  const prefix = q.namespace && type.namespaced ? `${q.namespace}/` : '';
  let snapshotRv = store.resourceVersion;
  let afterKey = '';
  if (q.continueToken) {
    const token = decodeContinue(q.continueToken, prefix);
    afterKey = token.start;
    // rv -1: the "inconsistent continue" token handed out with a 410: continue at the newest state.
    snapshotRv = token.rv === -1 ? store.resourceVersion : token.rv;
    if (token.rv !== -1 && snapshotRv < store.oldestResumable(type)) {
      const err = expired(CONTINUE_TOO_OLD);
      err.status.metadata = { continue: encodeContinue(afterKey, prefix, -1) };
      throw err;
    }
  } else if (q.resourceVersion && q.resourceVersion !== '0') {
    const wanted = parseResourceVersion(q.resourceVersion);
    await waitFresh(store, wanted);
    if (q.match === 'Exact') snapshotRv = wanted;
  }
  const candidates = store.scanAt(type, q.namespace, snapshotRv, afterKey, q.continueToken ? CONTINUE_TOO_OLD : LIST_TOO_OLD);
  // resourceVersion=0 is served from the cache without paging: limit is ignored (observed).
  const limit = q.resourceVersion === '0' && !q.continueToken ? 0 : q.limit;
  const items: StoredObject[] = [];
  let last: StoredObject | null = null;
  let next = candidates.next();
  for (; !next.done; next = candidates.next()) {
    if (limit && items.length >= limit) break;
    last = next.value;
    if (matchesAll(q, last)) items.push(last);
  }
  const result: ListResult = { items, rv: snapshotRv };
  if (limit && !next.done) {
    // Like the etcd3 store: the token points after the last key examined, and the count of
    // what is left is only known when no selector filters it.
    result.continueToken = encodeContinue(last!.key, prefix, snapshotRv);
    if (!q.label && !q.field) {
      let remaining = 0;
      for (; !next.done; next = candidates.next()) remaining++;
      result.remaining = remaining;
    }
  }
  return result;
}

export function listMetadata(r: ListResult): Record<string, unknown> {
  const meta: Record<string, unknown> = { resourceVersion: String(r.rv) };
  if (r.continueToken) meta.continue = r.continueToken;
  if (r.remaining !== undefined) meta.remainingItemCount = r.remaining;
  return meta;
}

/**
 * Streams the list as JSON in slices, so 100,000 items never become one giant string, and
 * waits for the client to take each slice before the next: a list of 700 MB neither sits in
 * the socket's buffer nor stops the cluster from serving watches while it is sent (as the
 * real API server, which serves lists and watches concurrently).
 */
export async function writeList(res: ServerResponse, type: ResourceType, r: ListResult): Promise<void> {
  // An unstructured list (custom resources) says "continue" even when empty, and each item its kind.
  const meta = type.unstructured ? { continue: '', ...listMetadata(r) } : listMetadata(r);
  const item = type.unstructured ? (o: StoredObject) => fullJson(type, o) : (o: StoredObject) => o.json;
  res.write(`{"kind":"${type.listKind}","apiVersion":"${apiVersionOf(type)}","metadata":${JSON.stringify(meta)},"items":[`);
  for (let i = 0; i < r.items.length; i += 200) {
    if (res.destroyed) return;
    const more = res.write((i ? ',' : '') + r.items.slice(i, i + 200).map(item).join(','));
    if (!more) await new Promise<void>((resolve) => { const done = () => { res.off('drain', done); res.off('close', done); resolve(); }; res.on('drain', done); res.on('close', done); });
    else if (i % 2000 === 1800) await new Promise((resolve) => setImmediate(resolve));
  }
  res.end(']}');
}

export function listAsTable(type: ResourceType, r: ListResult, now: number, includeObject: string): Record<string, unknown> {
  return toTable(type.kind, r.items.map((o) => parseStored(type, o)), listMetadata(r), { now, includeObject, printer: type.printer });
}

export interface WatchParams {
  namespace: string;
  label: LabelSelector | null;
  field: FieldSelector | null;
  sinceRv: number | null;
  bookmarks: boolean;
  /** sendInitialEvents=true: end the initial state with a k8s.io/initial-events-end bookmark. */
  initialEventsEnd: boolean;
  timeoutMs: number;
  render?: (stored: StoredObject) => string;
}

export function parseWatchQuery(type: ResourceType, namespace: string, query: URLSearchParams, minRequestTimeoutMs: number, random: () => number): WatchParams {
  const rv = query.get('resourceVersion');
  const sendInitial = query.get('sendInitialEvents');
  const bookmarks = query.get('allowWatchBookmarks') !== null && query.get('allowWatchBookmarks') !== 'false' && query.get('allowWatchBookmarks') !== '0';
  if (sendInitial === 'true') {
    const causes: FieldCause[] = [];
    if (query.get('resourceVersionMatch') !== 'NotOlderThan') causes.push(fieldError.forbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
    if (!bookmarks) causes.push(fieldError.forbidden('allowWatchBookmarks', 'sendInitialEvents requires setting allowWatchBookmarks to true'));
    if (causes.length) throw listOptionsInvalid(causes);
  }
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 0);
  // Without timeoutSeconds the server ends a watch after minRequestTimeout × [1, 2), as the real one does.
  const timeoutMs = timeoutSeconds > 0 ? timeoutSeconds * 1000 : Math.floor(minRequestTimeoutMs * (1 + random()));
  const initial = sendInitial === 'true' || !rv || rv === '0';
  return {
    namespace,
    label: parseLabelSelector(query.get('labelSelector')),
    field: parseFieldSelector(query.get('fieldSelector'), type.kind, type.fieldLabels)?.match ?? null,
    sinceRv: initial ? null : parseResourceVersion(rv),
    bookmarks,
    initialEventsEnd: sendInitial === 'true',
    timeoutMs,
  };
}

export function errorEventLine(err: ApiError): string {
  return `{"type":"ERROR","object":${JSON.stringify(err.status)}}\n`;
}

/**
 * Serves a watch on an open response (headers already sent with 200). Resolves when the
 * stream ends, whoever ends it: timeout, client, fault injection or a 410.
 */
export async function serveWatch(store: ObjectStore, type: ResourceType, p: WatchParams, res: ServerResponse, onClosed: (stop: () => void) => void): Promise<void> {
  const sink: WatchSink = {
    write: (chunk) => res.write(chunk),
    bufferedBytes: () => res.writableLength,
    onDrain: (cb) => void res.once('drain', cb),
    end: () => {
      if (!res.writableEnded) res.end();
    },
  };
  // A resourceVersion from the future: the real server keeps the stream open and silent
  // (observed), sending only what comes after it; the store filters below minRv.
  let watcher;
  try {
    watcher = store.watch(
      type,
      { namespace: p.namespace, label: p.label, field: p.field, sinceRv: p.sinceRv, sink, bookmarks: p.bookmarks, initialEventsEnd: p.initialEventsEnd, render: p.render },
      (rv, oldest) => failure(410, 'Expired', `too old resource version: ${rv} (${oldest})`),
    );
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    res.end(errorEventLine(e));
    return;
  }
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => watcher.stop(), p.timeoutMs);
    timer.unref?.();
    // The cacher also sends a bookmark shortly before the watch's deadline (observed ~2 s).
    const lastBookmark = p.bookmarks && p.timeoutMs > 2000 ? setTimeout(() => watcher.bookmark(), p.timeoutMs - 2000) : null;
    lastBookmark?.unref?.();
    const done = () => {
      clearTimeout(timer);
      if (lastBookmark) clearTimeout(lastBookmark);
      watcher.stop();
      resolve();
    };
    res.once('close', done);
    res.once('finish', done);
    onClosed(() => watcher.stop());
  });
}


/**
 * Watch events as Tables (kubectl get -w): one row per event, column definitions only in the
 * first, as the real server's watch encoder sends them.
 */
export function tableRenderer(type: ResourceType, now: () => number, includeObject: string): (stored: StoredObject) => string {
  let first = true;
  return (stored) => {
    const table = toTable(type.kind, [parseStored(type, stored)], { resourceVersion: String(stored.meta.rv) }, { now: now(), includeObject, noHeaders: !first, printer: type.printer });
    first = false;
    return JSON.stringify(table);
  };
}
