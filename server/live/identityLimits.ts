// How much one identity may hold of the hub at once, whatever addresses it comes from: live
// connections, and subscriptions over all its connections. An identity is a person (by user
// name) or a kiosk token (by label: the screens sharing a token count together). Anonymous
// clients (--auth none) have no identity; the per-address limits (clientLimits) bound them.
// Decisions only; the hub refuses, tells and counts.

export interface IdentityLimits {
  maxConnectionsPerIdentity: number;
  maxSubscriptionsPerIdentity: number;
}

export type IdentityRefusal = 'connections_per_identity' | 'subscriptions_per_identity';

interface Held { connections: number; subscriptions: number }

export class IdentityLimiter {
  private readonly held = new Map<string, Held>();

  constructor(private readonly limits: IdentityLimits) {}

  /** What `key` holds now (tests and metrics). */
  holding(key: string): Held {
    return { ...(this.held.get(key) ?? { connections: 0, subscriptions: 0 }) };
  }

  /** Takes a connection for `key` (null: no identity, never limited); the refusal when it holds its limit. */
  connect(key: string | null): { ok: true } | { ok: false; reason: IdentityRefusal; message: string } {
    if (key === null) return { ok: true };
    const h = this.entry(key);
    if (h.connections >= this.limits.maxConnectionsPerIdentity) {
      return { ok: false, reason: 'connections_per_identity', message: `Too many live connections for ${key}: at most ${this.limits.maxConnectionsPerIdentity} at once (--max-connections-per-identity).` };
    }
    h.connections++;
    return { ok: true };
  }

  /** Gives back a connection and the subscriptions it still held. */
  disconnect(key: string | null, subscriptions: number): void {
    if (key === null) return;
    const h = this.held.get(key);
    if (!h) return;
    h.connections--;
    h.subscriptions -= subscriptions;
    if (h.connections <= 0 && h.subscriptions <= 0) this.held.delete(key);
  }

  subscribe(key: string | null): { ok: true } | { ok: false; reason: IdentityRefusal; message: string } {
    if (key === null) return { ok: true };
    const h = this.entry(key);
    if (h.subscriptions >= this.limits.maxSubscriptionsPerIdentity) {
      return { ok: false, reason: 'subscriptions_per_identity', message: `too many live subscriptions for ${key}: at most ${this.limits.maxSubscriptionsPerIdentity} over all its connections (--max-subscriptions-per-identity)` };
    }
    h.subscriptions++;
    return { ok: true };
  }

  unsubscribe(key: string | null): void {
    if (key === null) return;
    const h = this.held.get(key);
    if (h) h.subscriptions--;
  }

  private entry(key: string): Held {
    let h = this.held.get(key);
    if (!h) this.held.set(key, h = { connections: 0, subscriptions: 0 });
    return h;
  }
}
