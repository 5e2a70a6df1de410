// Kubernetes Events about Spark pods and their claims, kept beside the executors for as long
// as the core keeps the pod (the API deletes events after an hour: a DELETED event here is
// the API's expiry, not news, and changes nothing). Fed by an Events list-watch per watched
// namespace; the core's change batches say which pods were forgotten (retention), and their
// events go with them.
//
// Bounded: Warning events, and the few Normal ones that explain a state (an autoscaler that
// would not scale up, a preemption, a kill); at most PER_OBJECT per pod or claim, and MAX_EVENTS
// in all, the least recently touched objects' events dropped first. Events of non-Spark pods
// in a watched namespace arrive too; nothing joins them, and the bound forgets them.

import type { KubeEvent } from '../../lib/kube/types';
import { toPodEvent, type PodEvent } from '../../lib/why/podEvent';
import type { ChangeBatch } from './changeBatch';
import type { FullListing, ListingSession, ObjectSink, PodEventType } from './snapshotSink';
import type { StoreSubscriber } from './subscriberRunner';

const PER_OBJECT = 12;
const MAX_EVENTS = 60_000;
/** Normal events that explain a state (the rest — Scheduled, Pulling, Started — say nothing the row does not). */
const TELLING_NORMAL = new Set(['NotTriggerScaleUp', 'TriggeredScaleUp', 'Preempted', 'Preempting', 'Killing', 'Evicted', 'TaintManagerEviction', 'FailedScheduling']);

export type AppEventsListener = (namespace: string, object: { kind: 'Pod'; uid: string } | { kind: 'PersistentVolumeClaim'; name: string }) => void;

export class EventStore implements ObjectSink<KubeEvent>, StoreSubscriber {
  readonly name = 'events';
  /** Pod uid or `claim:<namespace>/<name>` → its events, oldest first; Map order = least recently touched first. */
  private readonly byObject = new Map<string, PodEvent[]>();
  private count = 0;
  private readonly listeners = new Set<AppEventsListener>();
  readonly metrics = { kept: 0, ignored: 0, dropped: 0 };

  /**
   * `podUid` finds the uid of a pod named in an event that carries none (some reporters leave
   * it out); a pod's events are kept by uid, so a recreated pod of the same name starts clean.
   */
  constructor(readonly intervalMs: number, private readonly now: () => number, private readonly podUid: (namespace: string, name: string) => string | null = () => null) {}

  onChange(listener: AppEventsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  upsert(e: KubeEvent, type: PodEventType): void {
    if (type === 'DELETED') return;
    const event = toPodEvent(e, this.now());
    const obj = e.involvedObject;
    const namespace = obj?.namespace ?? e.metadata?.namespace ?? '';
    if (!event || !(event.type === 'Warning' || TELLING_NORMAL.has(event.reason))) { this.metrics.ignored++; return; }
    let key: string;
    const uid = event.kind === 'Pod' ? obj?.uid ?? this.podUid(namespace, event.object) : null;
    if (uid) key = uid;
    else if (event.kind === 'PersistentVolumeClaim') key = claimKey(namespace, event.object);
    else { this.metrics.ignored++; return; }
    const list = this.byObject.get(key) ?? [];
    const at = list.findIndex((x) => x.id === event.id);
    if (at >= 0) {
      if (list[at].count === event.count && list[at].last === event.last && list[at].message === event.message) return;
      list.splice(at, 1);
      this.count--;
    }
    list.push(event);
    list.sort((a, b) => a.last - b.last);
    this.count++;
    while (list.length > PER_OBJECT) { list.shift(); this.count--; this.metrics.dropped++; }
    this.byObject.delete(key);
    this.byObject.set(key, list);
    this.metrics.kept++;
    this.evict();
    const changed = event.kind === 'Pod' ? { kind: 'Pod' as const, uid: key } : { kind: 'PersistentVolumeClaim' as const, name: event.object };
    for (const l of this.listeners) l(namespace, changed);
  }

  private evict(): void {
    for (const [key, list] of this.byObject) {
      if (this.count <= MAX_EVENTS) return;
      this.byObject.delete(key);
      this.count -= list.length;
      this.metrics.dropped += list.length;
    }
  }

  /** A list of events adds what is new; what it lacks has expired in the API, not here. */
  beginListing(_listing: FullListing): ListingSession<KubeEvent> {
    return { add: (e) => this.upsert(e, 'MODIFIED'), finish: () => 'applied' };
  }

  onBatch(batch: ChangeBatch): void {
    for (const c of batch.changes) {
      if (c.after) continue;
      const list = this.byObject.get(c.uid);
      if (list) { this.byObject.delete(c.uid); this.count -= list.length; }
    }
  }

  /** Events taken back from the record after a restart (not announced: the record has them). */
  restore(uid: string, events: readonly PodEvent[]): void {
    if (!events.length || this.byObject.has(uid)) return;
    const list = [...events].sort((a, b) => a.last - b.last).slice(-PER_OBJECT);
    this.byObject.set(uid, list);
    this.count += list.length;
    this.evict();
  }

  /** A pod's events and those of the claims it mounts, oldest first. */
  eventsOf(uid: string, namespace: string, claimNames: readonly string[]): PodEvent[] {
    const own = this.byObject.get(uid) ?? [];
    if (!claimNames.length) return [...own];
    const claims = claimNames.flatMap((n) => this.byObject.get(claimKey(namespace, n)) ?? []);
    return [...own, ...claims].sort((a, b) => a.last - b.last);
  }

  get size(): number {
    return this.count;
  }
}

const claimKey = (namespace: string, name: string) => `claim:${namespace}/${name}`;
