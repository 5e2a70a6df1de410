// Lists any namespaced resource page by page (limit/continue), each object handed over as it
// is read, so tens of thousands of objects are never held at once. Shared by the watch sources (initial list,
// relists) and the pod poller.

import { peekIdentity } from '../../lib/kube/jsonListSplitter';
import type { ListingOutcome, ListingSession, ListingStart } from '../store/snapshotSink';
import type { KubeTransport } from './kubeTransport';
import { KubeApiError } from './kubeTransport';

export interface ResourceKind {
  /** The plural name in the API path: pods, persistentvolumeclaims. */
  plural: string;
  /** How people call it in messages: "Pod", "PVC". */
  label: string;
  /** An API group's kinds (custom resources): served under /apis/<group>/<version>; absent: the core group. */
  group?: { name: string; version: string };
}

export const PODS: ResourceKind = { plural: 'pods', label: 'Pod' };
export const CLAIMS: ResourceKind = { plural: 'persistentvolumeclaims', label: 'PVC' };
export const EVENTS: ResourceKind = { plural: 'events', label: 'Event' };
export const QUOTAS: ResourceKind = { plural: 'resourcequotas', label: 'ResourceQuota' };
export const LIMIT_RANGES: ResourceKind = { plural: 'limitranges', label: 'LimitRange' };

export function resourcePath(kind: ResourceKind, namespace: string): string {
  const root = kind.group ? `/apis/${kind.group.name}/${kind.group.version}` : '/api/v1';
  return namespace === '*' ? `${root}/${kind.plural}` : `${root}/namespaces/${encodeURIComponent(namespace)}/${kind.plural}`;
}

export interface Listing<T> {
  items: T[];
  resourceVersion: string | undefined;
  pages: number;
}

export interface ListOptions {
  namespace: string;
  labelSelector?: string;
  fieldSelector?: string;
  pageSize: number;
  resourceVersion?: string;
  /** No byte for this long fails the list. */
  timeoutMs?: number;
}

export interface ListStreamHandlers<T> {
  /**
   * The list's resourceVersion, known before its first item (the API sends metadata first).
   * Throwing stops the list with that error.
   */
  onStart(resourceVersion: string | undefined): void;
  onItem(item: T): void;
  /** Sees each item's raw bytes first; false skips it unparsed (see JsonListHandlers.wants). */
  wants?(raw: Buffer): boolean;
}

/**
 * Lists page by page (limit/continue), handing each object over as it is read: no page, let
 * alone the whole list, is held. resourceVersion=0 is answered from the API server's cache in
 * one piece (it ignores limit): read as a stream, that costs no more memory than a page.
 */
export async function streamList<T>(
  transport: KubeTransport,
  kind: ResourceKind,
  options: ListOptions,
  handlers: ListStreamHandlers<T>,
): Promise<{ resourceVersion: string | undefined; pages: number; items: number }> {
  let continueToken: string | undefined;
  let resourceVersion: string | undefined;
  let started = false;
  let pages = 0;
  let count = 0;
  do {
    let meta: { resourceVersion?: string; continue?: string } | undefined;
    let hasItems = false;
    // Items sent before the metadata (no API server does; a proxy might) wait for it.
    let early: T[] | null = null;
    const start = () => {
      if (started) return;
      started = true;
      resourceVersion = meta?.resourceVersion;
      handlers.onStart(resourceVersion);
    };
    await transport.listJson(resourcePath(kind, options.namespace), {
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      limit: options.pageSize,
      // resourceVersion only on the first page: continue tokens carry their own.
      resourceVersion: continueToken ? undefined : options.resourceVersion,
      continue: continueToken,
    }, {
      onField: (key, value) => {
        // Go's encoder writes an empty list's items as null.
        if (key === 'items') { hasItems = value === null; return; }
        if (key !== 'metadata') return;
        meta = value && typeof value === 'object' ? value as typeof meta : {};
        start();
        if (early) { for (const item of early) handlers.onItem(item); early = null; }
      },
      onItem: (item) => {
        count++;
        if (!meta) { (early ??= []).push(item as T); return; }
        handlers.onItem(item as T);
      },
      onItemsArray: () => { hasItems = true; },
      wants: handlers.wants && ((raw) => {
        if (!meta) return true;
        const wanted = handlers.wants!(raw);
        if (!wanted) count++;
        return wanted;
      }),
    }, options.timeoutMs);
    if (!hasItems) throw new KubeApiError(`the ${kind.plural} list answer has no items array`, 200, 'MalformedResponse');
    if (early) { start(); for (const item of early as T[]) handlers.onItem(item); }
    start();
    pages++;
    continueToken = meta?.continue || undefined;
  } while (continueToken);
  return { resourceVersion, pages, items: count };
}

/** The whole list in memory: for small kinds (claims) and one application's pods. */
export async function listAll<T>(transport: KubeTransport, kind: ResourceKind, options: ListOptions): Promise<Listing<T>> {
  const items: T[] = [];
  const r = await streamList<T>(transport, kind, options, { onStart: () => {}, onItem: (item) => items.push(item) });
  return { items, resourceVersion: r.resourceVersion, pages: r.pages };
}

/** The sink declined the list before its first item; nothing was applied. */
class ListingDeclined extends Error {
  constructor(readonly outcome: 'stale' | 'superseded') {
    super(`listing ${outcome}`);
  }
}

/**
 * Streams a list into a listing session begun with the list's resourceVersion: Spark's
 * replaceSnapshot, applied as it is read. A list the sink declines (stale, superseded) is
 * not read further.
 */
export async function listIntoSession<T>(
  transport: KubeTransport,
  kind: ResourceKind,
  options: ListOptions,
  begin: (resourceVersion: string | undefined) => ListingStart<T>,
): Promise<{ outcome: ListingOutcome; resourceVersion: string | undefined; pages: number; items: number }> {
  let session: ListingSession<T> | null = null;
  try {
    const r = await streamList<T>(transport, kind, options, {
      onStart: (rv) => {
        const started = begin(rv);
        if (typeof started === 'string') throw new ListingDeclined(started);
        session = started;
      },
      onItem: (item) => session!.add(item),
      // Objects the sink holds at the same resourceVersion are counted, not parsed.
      wants: (raw) => {
        const s = session as ListingSession<T> | null;
        if (!s?.unchanged) return true;
        const id = peekIdentity(raw);
        return !id || !s.unchanged(id.uid, id.resourceVersion);
      },
    });
    return { outcome: (session as ListingSession<T> | null)!.finish(), ...r };
  } catch (e) {
    if (e instanceof ListingDeclined) return { outcome: e.outcome, resourceVersion: undefined, pages: 0, items: 0 };
    throw e;
  }
}
