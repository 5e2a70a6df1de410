// Mutable health record of one source, owned by that source and read by /readyz, the
// metrics and the UI. Changes are announced so the hub can push them to browsers.

import type { SourceError, SourceHealth, SourceKind } from '../../lib/health/sourceHealth';

export class SourceHealthTracker {
  readonly health: SourceHealth;
  private listeners = new Set<() => void>();

  constructor(name: string, kind: SourceKind, namespace: string, resource: { label: string; plural: string } = { label: 'Pod', plural: 'pods' }) {
    this.health = {
      name, kind, namespace, resource: resource.label, plural: resource.plural, state: 'starting', synced: false, lastEventAt: null, lastSyncAt: null,
      lastError: null, failingSince: null, failures: 0, nextRetryAt: null, restarts: 0, relists: 0, malformed: 0,
    };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  event(at: number): void {
    // Hot path: no announcement for every event, only for state changes.
    this.health.lastEventAt = at;
  }

  synced(at: number): void {
    const h = this.health;
    const wasHealthy = h.state === 'healthy' && h.synced;
    h.synced = true;
    h.lastSyncAt = at;
    h.lastEventAt = Math.max(h.lastEventAt ?? 0, at);
    h.state = 'healthy';
    h.failures = 0;
    h.failingSince = null;
    h.nextRetryAt = null;
    if (!wasHealthy) this.changed();
  }

  connected(): void {
    const h = this.health;
    if (h.state === 'healthy' && h.failures === 0) return;
    h.state = h.synced ? 'healthy' : 'starting';
    h.failures = 0;
    h.failingSince = null;
    h.nextRetryAt = null;
    this.changed();
  }

  /** `since`: when the failing began, if earlier than this error (e.g. when a probe that timed out was sent). */
  failed(error: SourceError, nextRetryAt: number | null, since = error.at): void {
    const h = this.health;
    h.state = 'retrying';
    if (h.failures === 0 || h.failingSince === null) h.failingSince = since;
    h.failures++;
    h.lastError = error;
    h.nextRetryAt = nextRetryAt;
    this.changed();
  }

  restarted(): void { this.health.restarts++; }
  relisted(): void { this.health.relists++; }
  malformed(): void { this.health.malformed++; }

  stopped(): void {
    this.health.state = 'stopped';
    this.changed();
  }
}
