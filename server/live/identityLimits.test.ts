import { describe, expect, it } from 'vitest';
import { IdentityLimiter } from './identityLimits';

describe('identity limits', () => {
  it('bounds connections and subscriptions per identity, gives them back, and never limits the anonymous', () => {
    const limiter = new IdentityLimiter({ maxConnectionsPerIdentity: 2, maxSubscriptionsPerIdentity: 3 });
    expect(limiter.connect('token:lobby')).toEqual({ ok: true });
    expect(limiter.connect('token:lobby')).toEqual({ ok: true });
    expect(limiter.connect('token:lobby')).toMatchObject({ ok: false, reason: 'connections_per_identity', message: expect.stringContaining('--max-connections-per-identity') });
    expect(limiter.connect('user:alice')).toEqual({ ok: true });
    for (let i = 0; i < 3; i++) expect(limiter.subscribe('token:lobby')).toEqual({ ok: true });
    expect(limiter.subscribe('token:lobby')).toMatchObject({ ok: false, reason: 'subscriptions_per_identity' });
    limiter.unsubscribe('token:lobby');
    expect(limiter.subscribe('token:lobby')).toEqual({ ok: true });
    // A connection closing gives back what it held.
    limiter.disconnect('token:lobby', 2);
    expect(limiter.holding('token:lobby')).toEqual({ connections: 1, subscriptions: 1 });
    expect(limiter.connect('token:lobby')).toEqual({ ok: true });
    for (let i = 0; i < 100; i++) expect(limiter.connect(null)).toEqual({ ok: true });
    limiter.disconnect('token:lobby', 1);
    limiter.disconnect('token:lobby', 0);
    expect(limiter.holding('token:lobby')).toEqual({ connections: 0, subscriptions: 0 });
  });
});
