// The verbs a source may call on the store (Spark's updatePod / replaceSnapshot), plus what a
// source needs to tell a stale answer from a cluster whose state went back in time.
// Sources know nothing else: not sockets, not history, not the UI protocol. The store owns
// this interface; the sources in kube/ write to it.
//
// replaceSnapshot is delivered as a listing session (begin, add pod by pod, finish) so that a
// list of any size is applied as it is read and never held whole: 100,000 pods are ~700 MB of
// JSON. Abandoning a session (the list failed half-way) leaves what was applied and marks
// nothing gone: every pod applied was true when it was read.

import type { KubePod } from '../../lib/kube/types';

export type PodEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * What the store had applied when a source sent a request. An answer is compared with the
 * mark taken *before* asking: anything applied while the request was in flight may be newer
 * than the answer without meaning anything.
 */
export interface VersionMark {
  /** The highest resourceVersion applied so far (undefined before the first). */
  version: string | undefined;
  /** Bumped by every reset: an answer to a request sent before the last reset is superseded. */
  epoch: number;
}

export interface FullListing {
  /** Namespace the list covered, or '*' for all namespaces. */
  namespace: string;
  listedAt: number;
  resourceVersion: string | undefined;
  source: string;
  /**
   * A consistent list (no resourceVersion asked: the API reads the latest state) can never be
   * older than what we applied unless the cluster went back in time. A cached list
   * (resourceVersion=0) may simply be behind.
   */
  consistent: boolean;
  mark: VersionMark;
}

/**
 * applied: the list is now the truth. stale: a cached list older than what we hold; nothing
 * changed (ask again, consistently). reset: the cluster went back in time; the list was
 * applied as the new truth and every source is asked to list again. superseded: the request
 * was sent before a reset and its answer is ignored.
 */
export type ListingOutcome = 'applied' | 'stale' | 'reset' | 'superseded';

/** One full list being applied as it is read. */
export interface ListingSession<T> {
  add(item: T): void;
  /**
   * The list holds this object unchanged (same uid, same resourceVersion) as the sink already
   * has it: counted as listed without being read. False: the source must read and add it.
   */
  unchanged?(uid: string, resourceVersion: string): boolean;
  /** Every page was read: what the list did not have is gone. */
  finish(): ListingOutcome;
}

/** A session, or why the list is not worth reading (nothing was changed). */
export type ListingStart<T> = ListingSession<T> | 'stale' | 'superseded';

export interface SnapshotSink {
  updatePod(pod: KubePod, type: PodEventType, receivedAt: number): void;
  /** Spark's replaceSnapshot, begun with the list's resourceVersion (known before its first item). */
  beginListing(listing: FullListing): ListingStart<KubePod>;
  /** Taken before each request whose answer carries the cluster's current resourceVersion. */
  versionMark(): VersionMark;
  /** The current resourceVersion as the API just answered it (the probe): a reset when older than `mark`. */
  observeClusterVersion(resourceVersion: string | undefined, mark: VersionMark, source: string): void;
}

/** What a generic list-watch source writes to (pods: the store core; claims: the claim store). */
export interface ObjectSink<T> {
  upsert(obj: T, type: PodEventType, receivedAt: number): void;
  beginListing(listing: FullListing): ListingStart<T>;
  /** Sinks that detect resets (the pod store) say what they had applied before a list is asked for. */
  versionMark?(): VersionMark;
}
