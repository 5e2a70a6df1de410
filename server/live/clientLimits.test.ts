import { describe, expect, it } from 'vitest';
import { ClientLimiter, type ClientLimits } from './clientLimits';
import { TokenBucket } from './tokenBucket';

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate', () => {
    const b = new TokenBucket(10, 3, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.waitMs(0)).toBe(100);
    expect(b.take(50)).toBe(false);
    expect(b.take(100)).toBe(true);
    expect(b.isFull(100)).toBe(false);
    expect(b.isFull(400)).toBe(true);
    // Refilling never exceeds the burst.
    expect([b.take(10_000), b.take(10_000), b.take(10_000), b.take(10_000)]).toEqual([true, true, true, false]);
  });
});

describe('ClientLimiter', () => {
  const limits: ClientLimits = { maxConnections: 3, maxConnectionsPerAddress: 2, messageRate: 1, messageBurst: 2, addressMessageRate: 1, addressMessageBurst: 3 };

  it('admits connections up to the per-address and total limits, and again after they close', () => {
    const l = new ClientLimiter(limits, () => 0);
    l.opened('a'); l.opened('a');
    expect(l.admit('a')).toMatchObject({ ok: false, reason: 'connections_per_address' });
    expect(l.admit('b')).toEqual({ ok: true });
    l.opened('b');
    expect(l.admit('c')).toMatchObject({ ok: false, reason: 'connections_total', message: expect.stringContaining('--max-connections') });
    l.closed('a');
    expect(l.admit('a')).toEqual({ ok: true });
    expect(l.connections).toBe(2);
  });

  it('limits messages per connection and per address', () => {
    let now = 0;
    const l = new ClientLimiter(limits, () => now);
    const one = l.opened('a'), two = l.opened('a');
    expect([one.take(), one.take(), one.take()]).toEqual([null, null, 'message_rate']);
    // The second connection has its own burst, but the address has one token left.
    expect([two.take(), two.take()]).toEqual([null, 'address_message_rate']);
    expect(one.retryAfterMs()).toBe(1000);
    now = 1000;
    expect(one.take()).toBe(null);
    expect(one.rested()).toBe(false);
    now = 3000;
    expect(one.rested()).toBe(true);
  });

  it('remembers a drained address after its connections closed, until its bucket refills', () => {
    let now = 0;
    const l = new ClientLimiter(limits, () => now);
    const c = l.opened('a');
    c.take(); c.take();
    l.closed('a');
    l.sweep();
    const again = l.opened('a');
    expect([again.take(), again.take()]).toEqual([null, 'address_message_rate']);
    l.closed('a');
    now = 10_000;
    l.sweep();
    const fresh = l.opened('a');
    expect([fresh.take(), fresh.take()]).toEqual([null, null]);
  });
});
