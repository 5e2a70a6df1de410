// One kind's bounded history of changes, like one watch cache of kube-apiserver: a ring of
// events that lets a watch resume from a resourceVersion, and tells when one is too old,
// with the same arithmetic as watch_cache.go (`too old resource version: X (oldest-1)`).

import type { StoredObject } from './storedObject';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ChangeEvent {
  rv: number;
  type: ChangeType;
  /** The object after the change; for DELETED, its last state stamped with the deletion rv. */
  object: StoredObject;
  /** The object before the change (undefined for ADDED): selector transitions and snapshots need it. */
  prev: StoredObject | undefined;
}

export class WatchLog {
  private ring: (ChangeEvent | undefined)[];
  private start = 0;
  private size = 0;
  private evicted = false;

  /** @param listRv the revision the history starts after (the cache's "list resourceVersion"). */
  constructor(private capacity: number, private listRv: number) {
    this.ring = new Array(Math.max(1, capacity));
  }

  push(event: ChangeEvent): void {
    if (this.size === this.capacity) {
      this.ring[this.start] = undefined;
      this.start = (this.start + 1) % this.capacity;
      this.size--;
      this.evicted = true;
    }
    this.ring[(this.start + this.size) % this.capacity] = event;
    this.size++;
  }

  /** Forget everything up to `rv`: older resourceVersions get 410 from now on. */
  compact(rv: number): void {
    this.ring = new Array(Math.max(1, this.capacity));
    this.start = 0;
    this.size = 0;
    this.evicted = false;
    this.listRv = rv;
  }

  /**
   * The oldest resourceVersion a watch may resume from (watch_cache.go: `oldest - 1`, where
   * oldest is listRv + 1 until something was evicted, then the first event kept).
   */
  oldestResumable(): number {
    return this.evicted && this.size > 0 ? this.at(0).rv - 1 : this.listRv;
  }

  private at(i: number): ChangeEvent {
    return this.ring[(this.start + i) % this.capacity]!;
  }

  /** Events with rv > `rv`, oldest first. The caller checks oldestResumable() first. */
  since(rv: number): ChangeEvent[] {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.at(mid).rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    const out: ChangeEvent[] = [];
    for (let i = lo; i < this.size; i++) out.push(this.at(i));
    return out;
  }
}
