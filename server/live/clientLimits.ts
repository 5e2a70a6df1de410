// How much one client may ask of the hub: connections in total and per remote address, and
// messages per connection and per address (token buckets with a small burst, so a browser
// that reconnects and subscribes its few scopes again is never limited). Decisions only; the
// hub refuses, tells and counts.

import { TokenBucket } from './tokenBucket';

export interface ClientLimits {
  maxConnections: number;
  maxConnectionsPerAddress: number;
  /** Messages per second per connection, sustained, and the burst allowed above it. */
  messageRate: number;
  messageBurst: number;
  /** The same for all connections of one remote address together. */
  addressMessageRate: number;
  addressMessageBurst: number;
}

export type AdmissionRefusal = 'connections_total' | 'connections_per_address';
export type MessageRefusal = 'message_rate' | 'address_message_rate';

interface AddressEntry {
  connections: number;
  bucket: TokenBucket;
}

/** One connection's message allowance, shared with the other connections of its address. */
export interface MessageBudget {
  /** Takes one message from the connection's and the address's buckets; the refusal when either is empty. */
  take(): MessageRefusal | null;
  /** Milliseconds until the next message would be accepted. */
  retryAfterMs(): number;
  /** The connection's own bucket is full again: it has kept to the limit for a whole burst's worth of time. */
  rested(): boolean;
}

export class ClientLimiter {
  private readonly addresses = new Map<string, AddressEntry>();
  private open = 0;

  constructor(private readonly limits: ClientLimits, private readonly now: () => number = Date.now) {}

  get connections(): number {
    return this.open;
  }

  admit(address: string): { ok: true } | { ok: false; reason: AdmissionRefusal; message: string } {
    if (this.open >= this.limits.maxConnections) {
      return { ok: false, reason: 'connections_total', message: `The dashboard has reached its limit of ${this.limits.maxConnections} live connections (--max-connections); try again later.` };
    }
    if ((this.addresses.get(address)?.connections ?? 0) >= this.limits.maxConnectionsPerAddress) {
      return { ok: false, reason: 'connections_per_address', message: `Too many live connections from ${address}: at most ${this.limits.maxConnectionsPerAddress} per address (--max-connections-per-address).` };
    }
    return { ok: true };
  }

  opened(address: string): MessageBudget {
    const entry = this.entry(address);
    entry.connections++;
    this.open++;
    const own = new TokenBucket(this.limits.messageRate, this.limits.messageBurst, this.now());
    return {
      take: () => {
        const now = this.now();
        if (!own.take(now)) return 'message_rate';
        return entry.bucket.take(now) ? null : 'address_message_rate';
      },
      retryAfterMs: () => Math.max(own.waitMs(this.now()), entry.bucket.waitMs(this.now())),
      rested: () => own.isFull(this.now()),
    };
  }

  closed(address: string): void {
    const entry = this.addresses.get(address);
    if (!entry) return;
    entry.connections--;
    this.open--;
  }

  /** Forgets addresses with no connection whose bucket has refilled (a reconnect does not reset a drained one). */
  sweep(): void {
    const now = this.now();
    for (const [address, entry] of this.addresses) if (entry.connections <= 0 && entry.bucket.isFull(now)) this.addresses.delete(address);
  }

  private entry(address: string): AddressEntry {
    let entry = this.addresses.get(address);
    if (!entry) {
      entry = { connections: 0, bucket: new TokenBucket(this.limits.addressMessageRate, this.limits.addressMessageBurst, this.now()) };
      this.addresses.set(address, entry);
    }
    return entry;
  }
}
