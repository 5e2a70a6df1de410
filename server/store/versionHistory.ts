// What the store core knows of the cluster's history: the highest resourceVersion it applied,
// and whether that history went back (an answer older than the mark taken before asking for
// it: an etcd restore, a cluster recreated behind the same address). On a reset it bumps the
// epoch (answers to requests sent before are superseded), remembers the reset for health,
// tells its listeners (every source lists again) and follows the rebuild until every watched
// namespace has been listed again.

import type { ClusterReset } from '../../lib/health/sourceHealth';
import { compareResourceVersions } from '../../lib/snapshot/resourceVersion';
import type { VersionMark } from './snapshotSink';
import type { Logger } from '../log';

export class VersionHistory {
  private highest: string | undefined;
  private epoch = 0;
  private last: ClusterReset | null = null;
  private unreported: ClusterReset | null = null;
  private readonly awaitingRelist = new Set<string>();
  private readonly listeners = new Set<(reset: ClusterReset) => void>();
  resets = 0;

  constructor(private readonly watchedNamespaces: readonly string[], private readonly log: Logger) {}

  mark(): VersionMark {
    return { version: this.highest, epoch: this.epoch };
  }

  /** Asked for before the last reset: its answer may come from the old history. */
  superseded(mark: VersionMark): boolean {
    return mark.epoch !== this.epoch;
  }

  /** An answer older than what was applied before it was asked for. */
  older(resourceVersion: string | undefined, mark: VersionMark): boolean {
    return compareResourceVersions(resourceVersion, mark.version) === 'older';
  }

  applied(rv: string | undefined): void {
    if (rv !== undefined && compareResourceVersions(rv, this.highest) !== 'older') this.highest = rv;
  }

  onReset(listener: (reset: ClusterReset) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The last reset, rebuilt or still rebuilding. */
  lastReset(): ClusterReset | null {
    return this.last;
  }

  /** The reset (or its rebuild) not yet handed to subscribers, once. */
  takeUnreported(): ClusterReset | null {
    const r = this.unreported;
    this.unreported = null;
    return r;
  }

  /** The history went back to `after`: start over from there. `forget` drops every version the caller holds. */
  reset(after: string, detectedBy: string, at: number, forget: () => void): void {
    const before = this.highest ?? '';
    this.resets++;
    this.epoch++;
    forget();
    this.highest = after;
    this.last = { detectedAt: at, before, after, detectedBy, rebuiltAt: null };
    this.unreported = this.last;
    this.awaitingRelist.clear();
    for (const ns of this.watchedNamespaces) this.awaitingRelist.add(ns);
    this.log.warn("the cluster's state went back in time; rebuilding from fresh lists", { before, after, detectedBy });
    const reset = this.last;
    for (const l of this.listeners) {
      try {
        l(reset);
      } catch (e) {
        this.log.error('a reset listener failed', { error: String(e) });
      }
    }
  }

  /** A consistent list of `namespace` was applied: part of the rebuild, if one is under way. */
  relisted(namespace: string, at: number): void {
    if (!this.last || this.last.rebuiltAt !== null) return;
    if (namespace === '*') this.awaitingRelist.clear(); else this.awaitingRelist.delete(namespace);
    if (this.awaitingRelist.size > 0) return;
    this.last = { ...this.last, rebuiltAt: at };
    this.unreported = this.last;
    this.log.info('rebuilt the view after the reset', { detectedAt: this.last.detectedAt });
  }
}
