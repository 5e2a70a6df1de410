// The embedded cluster's storage: objects per kind in a Map plus a sorted key index (etcd key
// order), one global revision counter (resourceVersions are etcd revisions), uids and
// timestamps, a bounded change log per kind for watch resume and consistent paging, and
// watch fan-out where each event is serialised once and the same Buffer goes to every watcher.

import crypto from 'node:crypto';
import { expired } from './apiErrors';
import type { FieldSelector, LabelSelector } from './selectors';
import { fieldValue, keyOf, toStored, typePrefix, type KubeObject, type StoreKind, type StoredObject } from './storedObject';
import { WatchLog, type ChangeEvent, type ChangeType } from './watchLog';

export interface ObjectStoreOptions {
  /** Events kept per kind for watch resume (the watch cache window). */
  historySize?: number;
  /** Seed for uids and generated names; omitted: crypto randomness. */
  seed?: number;
  now?: () => number;
  /** A watcher whose socket holds more than this many unsent bytes is closed (like the real cacher). */
  maxWatcherBacklogBytes?: number;
}

/** Where a watch writes: the HTTP response, seen through the little the store needs. */
export interface WatchSink {
  write(chunk: Buffer | string): boolean;
  bufferedBytes(): number;
  onDrain(callback: () => void): void;
  end(): void;
}

export interface WatchRequest {
  namespace: string;
  label: LabelSelector | null;
  field: FieldSelector | null;
  /** null: start with synthetic ADDED events for the current state (rv unset, "" or "0"). */
  sinceRv: number | null;
  sink: WatchSink;
  bookmarks: boolean;
  /** sendInitialEvents: close the initial state with a `k8s.io/initial-events-end` bookmark. */
  initialEventsEnd?: boolean;
  /** Renders each event's object differently (Table for kubectl); such watchers do not share lines. */
  render?: (stored: StoredObject) => string;
}

export interface Watcher {
  readonly kind: StoreKind;
  readonly bookmarks: boolean;
  /** Sends a BOOKMARK if the kind has moved past what this watcher has seen (as the cacher does). */
  bookmark(): void;
  stop(): void;
}

interface WatcherState extends Watcher {
  req: WatchRequest;
  /** Events that arrived while the initial state was still being written. */
  backlog: ChangeEvent[] | null;
  stopped: boolean;
  /** The newest revision this watcher has been told about (event or bookmark). */
  seenRv: number;
  /** Events at or below this revision are not sent (a watch from a future resourceVersion). */
  minRv: number;
}

interface KindState {
  kind: StoreKind;
  objects: Map<string, StoredObject>;
  /**
   * The keys in order, sorted when a list needs them and dropped when a key comes or goes:
   * kept sorted on every write (an array splice) it cost O(n) per create and delete, so
   * seeding 100,000 pods or deleting 10,000 took seconds of the simulator's time.
   */
  sorted: string[] | null;
  log: WatchLog;
  watchers: Set<WatcherState>;
  /** Revision of this kind's newest change (what a bookmark reports, like the watch cache's rv). */
  lastRv: number;
}

/** splitmix32: small, seedable, good enough for uids in deterministic test runs. */
function seededBytes(seed: number): (n: number) => Buffer {
  let s = seed >>> 0;
  return (n) => {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      out[i] = (z ^ (z >>> 16)) & 0xff;
    }
    return out;
  };
}

/** The same object at another revision: metadata.resourceVersion is the first such key in our JSON. */
function restamp(o: StoredObject, rv: number): StoredObject {
  const json = o.json.replace(`"resourceVersion":"${o.meta.rv}"`, `"resourceVersion":"${rv}"`);
  return { key: o.key, json, meta: { ...o.meta, rv } };
}

export function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What an etcd snapshot holds: every object at one revision, without change history. */
export interface StoreBackup {
  revision: number;
  kinds: Map<string, { objects: Map<string, StoredObject>; lastRv: number }>;
}

export class ObjectStore {
  private revision = 0;
  private readonly kinds = new Map<string, KindState>();
  private readonly historySize: number;
  private readonly randomBytes: (n: number) => Buffer;
  private readonly maxBacklog: number;
  private readonly commitListeners = new Map<string, Set<(event: ChangeEvent) => void>>();
  readonly now: () => number;

  constructor(options: ObjectStoreOptions = {}) {
    this.historySize = options.historySize ?? 10_000;
    this.randomBytes = options.seed === undefined ? (n) => crypto.randomBytes(n) : seededBytes(options.seed);
    this.now = options.now ?? Date.now;
    this.maxBacklog = options.maxWatcherBacklogBytes ?? 64 * 1024 * 1024;
  }

  /** The newest revision handed out (what a list reports as metadata.resourceVersion). */
  get resourceVersion(): number {
    return this.revision;
  }

  register(kind: StoreKind): void {
    this.kinds.set(this.id(kind), { kind, objects: new Map(), sorted: [], log: new WatchLog(this.historySize, this.revision), watchers: new Set(), lastRv: this.revision });
  }

  private id = (k: StoreKind) => `${k.group}/${k.resource}`;

  isRegistered(kind: StoreKind): boolean {
    return this.kinds.has(this.id(kind));
  }

  /** Forgets a kind with its objects (the resources of a deleted CRD); its open watches end. */
  unregister(kind: StoreKind): void {
    const s = this.kinds.get(this.id(kind));
    if (!s) return;
    for (const w of [...s.watchers]) w.stop();
    this.kinds.delete(this.id(kind));
  }

  /** Revision of the kind's newest change (creation, update or deletion): a cheap "has it changed?". */
  kindRevision(kind: StoreKind): number {
    return this.state(kind).lastRv;
  }

  private state(kind: StoreKind): KindState {
    const s = this.kinds.get(this.id(kind));
    if (!s) throw new Error(`kind ${kind.resource} not registered`);
    return s;
  }

  uid(): string {
    const b = this.randomBytes(16);
    b[6] = (b[6]! & 0x0f) | 0x40; // version 4
    b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
    const h = b.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** names.SimpleNameGenerator: 5 characters from an alphabet without vowels or look-alikes. */
  nameSuffix(): string {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    return [...this.randomBytes(5)].map((x) => alphabet[x % alphabet.length]).join('');
  }

  /** RFC 3339 at whole seconds, as metav1.Time marshals. */
  timestamp(offsetSeconds = 0): string {
    return new Date(Math.floor(this.now() / 1000) * 1000 + offsetSeconds * 1000).toISOString().replace('.000Z', 'Z');
  }

  get(kind: StoreKind, namespace: string, name: string): StoredObject | undefined {
    return this.state(kind).objects.get(keyOf(kind.namespaced ? namespace : '', name));
  }

  /** Objects of a namespace (or all), in key order, current state. */
  range(kind: StoreKind, namespace: string): StoredObject[] {
    const s = this.state(kind);
    const [from, to] = this.bounds(s, namespace);
    const out: StoredObject[] = [];
    const keys = sortedKeys(s);
    for (let i = from; i < to; i++) out.push(s.objects.get(keys[i]!)!);
    return out;
  }

  count(kind: StoreKind): number {
    return this.state(kind).objects.size;
  }

  private bounds(s: KindState, namespace: string): [number, number] {
    const keys = sortedKeys(s);
    if (!namespace || !s.kind.namespaced) return [0, keys.length];
    // '0' is the character after '/': [ns/, ns0) is exactly the namespace's keys.
    return [lowerBound(keys, `${namespace}/`), lowerBound(keys, `${namespace}0`)];
  }

  /**
   * Stores `obj` as a new object: stamps uid, creationTimestamp and resourceVersion (and
   * generation 1 for kinds that keep it). The caller has checked that the name is free.
   */
  create(kind: StoreKind, obj: KubeObject): StoredObject {
    const meta = (obj.metadata ??= {});
    meta.uid = this.uid();
    meta.creationTimestamp = this.timestamp();
    if (kind.generation) meta.generation = 1;
    return this.commit(kind, 'ADDED', obj, undefined);
  }

  /** Stores an object kept across a restart as it was (uid, creationTimestamp, generation), at a new revision. */
  restoreObject(kind: StoreKind, obj: KubeObject): StoredObject {
    return this.commit(kind, 'ADDED', obj, undefined);
  }

  /** Replaces the object at its key with `obj` (already merged by the caller) under a new revision. `prevObject`: prev already parsed. */
  update(kind: StoreKind, obj: KubeObject, prev: StoredObject, prevObject?: KubeObject): StoredObject {
    if (kind.generation) {
      const old = prevObject ?? (JSON.parse(prev.json) as KubeObject);
      const gen = Number(old.metadata?.generation ?? 0);
      const specChanged = JSON.stringify(old.spec) !== JSON.stringify(obj.spec);
      // The caller may have bumped it already (graceful deletion does, like rest.BeforeDelete).
      const requested = Number(obj.metadata?.generation ?? gen);
      (obj.metadata ??= {}).generation = specChanged ? gen + 1 : Math.max(gen, requested);
    }
    return this.commit(kind, 'MODIFIED', obj, prev);
  }

  /** Removes the object; the DELETED event carries its last state at the deletion revision. */
  remove(kind: StoreKind, prev: StoredObject): StoredObject {
    const obj = JSON.parse(prev.json) as KubeObject;
    return this.commit(kind, 'DELETED', obj, prev);
  }

  /**
   * Calls `listener` after every change of `kind` is stored and sent to watchers: the
   * cluster's own controllers (the quota controller) react to writes as they land.
   */
  onCommit(kind: StoreKind, listener: (event: ChangeEvent) => void): () => void {
    const key = this.id(kind);
    const set = this.commitListeners.get(key) ?? new Set();
    set.add(listener);
    this.commitListeners.set(key, set);
    return () => set.delete(listener);
  }

  private commit(kind: StoreKind, type: ChangeType, obj: KubeObject, prev: StoredObject | undefined): StoredObject {
    const s = this.state(kind);
    const rv = ++this.revision;
    (obj.metadata ??= {}).resourceVersion = String(rv);
    const stored = toStored(kind, obj);
    if (type === 'DELETED') {
      if (s.objects.delete(stored.key)) s.sorted = null;
    } else {
      if (!s.objects.has(stored.key)) s.sorted = null;
      s.objects.set(stored.key, stored);
    }
    const event: ChangeEvent = { rv, type, object: stored, prev };
    s.lastRv = rv;
    s.log.push(event);
    this.dispatch(s, event);
    for (const listener of this.commitListeners.get(this.id(kind)) ?? []) listener(event);
    return stored;
  }

  // ---------------------------------------------------------------- snapshots

  /** The oldest revision whose state can still be reconstructed or resumed from. */
  oldestResumable(kind: StoreKind): number {
    return this.state(kind).log.oldestResumable();
  }

  /**
   * Objects of `namespace` as they were at revision `rv`, in key order, starting after
   * `afterKey`. Built from the current state corrected by the change log, so a paged list
   * stays consistent while writes go on. Throws 410 when the log no longer reaches back.
   */
  rangeAt(kind: StoreKind, namespace: string, rv: number, afterKey: string, tooOldMessage: string): StoredObject[] {
    return [...this.scanAt(kind, namespace, rv, afterKey, tooOldMessage)];
  }

  /**
   * rangeAt, one object at a time: a page of 500 reads about 500 keys, not every key after
   * the page's start (a first list of 100,000 pods in 200 pages would scan 10 million).
   * Throws (before the first object) like rangeAt.
   */
  scanAt(kind: StoreKind, namespace: string, rv: number, afterKey: string, tooOldMessage: string): Generator<StoredObject> {
    const s = this.state(kind);
    if (rv < s.log.oldestResumable()) throw expired(tooOldMessage);
    const overrides = new Map<string, StoredObject | null>();
    for (const e of s.log.since(rv)) {
      const key = e.object.key;
      if (!overrides.has(key)) overrides.set(key, e.prev ?? null);
    }
    const inRange = (key: string) => !namespace || !kind.namespaced || key.startsWith(`${namespace}/`);
    const [from, to] = this.bounds(s, namespace);
    const keys = sortedKeys(s);
    const objects = s.objects;
    const start = afterKey ? Math.max(from, lowerBound(keys, afterKey)) : from;
    const extra = [...overrides.keys()].filter((k) => !objects.has(k) && inRange(k) && k >= afterKey).sort();
    function* scan(): Generator<StoredObject> {
      let i = start;
      let j = 0;
      while (i < to || j < extra.length) {
        const key = j >= extra.length || (i < to && keys[i]! < extra[j]!) ? keys[i++]! : extra[j++]!;
        if (key < afterKey || key === afterKey) continue;
        const value = overrides.has(key) ? overrides.get(key)! : objects.get(key)!;
        if (value) yield value;
      }
    }
    return scan();
  }

  // ---------------------------------------------------------------- watch

  /**
   * Starts a watch. Throws 410 Expired when `sinceRv` is older than the log window; the
   * HTTP layer turns that into an ERROR event as the real watch cache does.
   */
  watch(kind: StoreKind, req: WatchRequest, tooOld: (rv: number, oldest: number) => Error): Watcher {
    const s = this.state(kind);
    const startRv = this.revision;
    let initial: StoredObject[] | null = null;
    let replay: ChangeEvent[] = [];
    if (req.sinceRv === null) {
      initial = this.range(kind, req.namespace);
    } else {
      const oldest = s.log.oldestResumable();
      if (req.sinceRv < oldest) throw tooOld(req.sinceRv, oldest);
      replay = s.log.since(req.sinceRv);
    }
    const w: WatcherState = {
      kind,
      bookmarks: req.bookmarks,
      req,
      backlog: [],
      stopped: false,
      seenRv: req.sinceRv ?? startRv,
      minRv: req.sinceRv !== null && req.sinceRv > startRv ? req.sinceRv : 0,
      bookmark: () => {
        if (w.stopped || w.backlog || s.lastRv <= w.seenRv) return;
        w.seenRv = s.lastRv;
        req.sink.write(this.bookmarkLine(kind, s.lastRv));
      },
      stop: () => {
        if (w.stopped) return;
        w.stopped = true;
        s.watchers.delete(w);
        req.sink.end();
      },
    };
    s.watchers.add(w);
    const prefix = typePrefix(kind);
    const matches = (o: StoredObject | undefined) => !!o && this.matches(w, o);
    // The initial state is written in slices that respect socket backpressure, so 20,000
    // pods to a slow client do not sit in memory as one huge buffer; live events wait behind it.
    const items = initial ?? [];
    let next = 0;
    const pump = () => {
      while (!w.stopped && next < items.length) {
        let chunk = '';
        for (let n = 0; n < 200 && next < items.length; next++) {
          const o = items[next]!;
          if (!matches(o)) continue;
          chunk += `{"type":"ADDED","object":${req.render ? req.render(o) : prefix + o.json.slice(1)}}\n`;
          n++;
        }
        if (chunk && !req.sink.write(chunk)) return req.sink.onDrain(pump);
      }
      if (w.stopped) return;
      if (req.initialEventsEnd) req.sink.write(this.bookmarkLine(kind, Math.max(startRv, s.lastRv), { 'k8s.io/initial-events-end': 'true' }));
      const pending = w.backlog ?? [];
      w.backlog = null;
      for (const e of [...replay, ...pending]) this.deliver(w, e, new Map());
      replay = [];
    };
    pump();
    return w;
  }

  private matches(w: WatcherState, o: StoredObject): boolean {
    const { namespace, label, field } = w.req;
    if (namespace && w.kind.namespaced && o.meta.namespace !== namespace) return false;
    if (label && !label(o.meta.labels)) return false;
    if (field && !field((f) => fieldValue(o, f))) return false;
    return true;
  }

  private dispatch(s: KindState, event: ChangeEvent): void {
    if (s.watchers.size === 0) return;
    const lines = new Map<ChangeType, Buffer>();
    for (const w of s.watchers) {
      if (w.backlog) w.backlog.push(event);
      else this.deliver(w, event, lines);
    }
  }

  /**
   * Sends one change as the watcher sees it through its selectors (cacher semantics: an
   * object entering the selection is ADDED, one leaving it is DELETED). `lines` caches the
   * serialised event per type, so all watchers share one Buffer.
   */
  private deliver(w: WatcherState, e: ChangeEvent, lines: Map<ChangeType, Buffer>): void {
    if (w.stopped || e.rv <= w.minRv) return;
    const now = this.matches(w, e.object);
    const before = e.prev !== undefined && this.matches(w, e.prev);
    let type: ChangeType | null = null;
    if (e.type === 'DELETED') type = before ? 'DELETED' : null;
    else if (now && before) type = 'MODIFIED';
    else if (now) type = 'ADDED';
    else if (before) type = 'DELETED';
    if (!type) return;
    w.seenRv = e.rv;
    // Leaving the selection: the cacher sends the previous object stamped with the new revision.
    const object = type === 'DELETED' && e.type !== 'DELETED' ? restamp(e.prev!, e.rv) : e.object;
    if (w.req.render) {
      w.req.sink.write(`{"type":"${type}","object":${w.req.render(object)}}\n`);
      return;
    }
    let line = lines.get(type);
    if (!line) {
      line = Buffer.from(`{"type":"${type}","object":${typePrefix(w.kind)}${object.json.slice(1)}}\n`);
      lines.set(type, line);
    }
    w.req.sink.write(line);
    // A client that stopped reading would make us buffer without bound: drop it, as the
    // real cacher terminates watchers whose buffer is full; it will re-watch or relist.
    if (w.req.sink.bufferedBytes() > this.maxBacklog) w.stop();
  }

  /** The periodic bookmark tick: every watcher that asked for bookmarks and is behind its kind gets one. */
  sendBookmarks(): void {
    for (const s of this.kinds.values()) for (const w of s.watchers) if (w.bookmarks) w.bookmark();
  }

  bookmarkLine(kind: StoreKind, rv: number, annotations?: Record<string, string>): string {
    const ann = annotations ? `,"annotations":${JSON.stringify(annotations)}` : '';
    return `{"type":"BOOKMARK","object":${typePrefix(kind)}"metadata":{"resourceVersion":"${rv}"${ann}}${kind.bookmarkTail ?? ''}}}\n`;
  }

  watchers(kind?: StoreKind): Watcher[] {
    const out: Watcher[] = [];
    for (const s of this.kinds.values()) if (!kind || s.kind === kind) out.push(...s.watchers);
    return out;
  }

  /** Writes raw text into the open watches of a kind (fault injection: a malformed line). */
  writeRaw(kind: StoreKind, text: string): void {
    for (const w of this.state(kind).watchers) if (!w.backlog && !w.stopped) w.req.sink.write(text);
  }

  closeAllWatches(): void {
    for (const s of this.kinds.values()) for (const w of [...s.watchers]) w.stop();
  }

  /** Forgets every change log: resourceVersions before now get 410 on watch and paging. */
  compactHistory(): void {
    for (const s of this.kinds.values()) s.log.compact(this.revision);
  }

  /** Stored objects are immutable values, so a backup is a copy of the maps. */
  backup(): StoreBackup {
    return {
      revision: this.revision,
      kinds: new Map([...this.kinds].map(([id, s]) => [id, { objects: new Map(s.objects), lastRv: s.lastRv }])),
    };
  }

  /** An etcd restore: the objects and revision of `backup`, no change history, every watch ended. */
  restore(backup: StoreBackup): void {
    this.closeAllWatches();
    this.revision = backup.revision;
    for (const [id, s] of this.kinds) {
      const saved = backup.kinds.get(id);
      s.objects = new Map(saved?.objects ?? []);
      s.sorted = null;
      s.lastRv = saved?.lastRv ?? backup.revision;
      s.log = new WatchLog(this.historySize, backup.revision);
    }
  }
}

function sortedKeys(s: KindState): string[] {
  // Default sort order is UTF-16 code units, the order `<` on strings (and lowerBound) uses.
  return (s.sorted ??= [...s.objects.keys()].sort());
}
