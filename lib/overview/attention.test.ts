import { describe, expect, it } from 'vitest';
import type { AppSummary } from '../snapshot/appSummary';
import { emptyCounts } from '../snapshot/appSummary';
import { attentionOf, byAttention, isCleanedUp, STUCK_PENDING_MS } from './attention';

const app = (key: string, patch: Partial<AppSummary> = {}): AppSummary => ({
  key, cluster: 'prod', namespace: 'ns', appId: key, appName: key, driver: null, counts: emptyCounts(), executors: 1, unregistered: 0, inactive: 0,
  anomalies: 0, createdAt: 0, lastChangeAt: 0, oldestPendingSince: null, present: 1, ...patch,
});

describe('attention', () => {
  const now = 10 * STUCK_PENDING_MS;
  it('flags failures first, then work pending for too long', () => {
    expect(attentionOf(app('a', { counts: { ...emptyCounts(), failed: 1 } }), now)).toBe('failed');
    expect(attentionOf(app('b', { oldestPendingSince: now - STUCK_PENDING_MS - 1 }), now)).toBe('stuck-pending');
    expect(attentionOf(app('c', { oldestPendingSince: now - 1000 }), now)).toBe('ok');
    const driver = { uid: 'u', name: 'd', state: 'pending' as const, phase: 'Pending', node: null, deleting: false, gone: false, since: now - STUCK_PENDING_MS - 1, reason: null, exitCode: null };
    expect(attentionOf(app('d', { driver }), now)).toBe('stuck-pending');
  });

  it('orders failed, stuck, then by size', () => {
    const ok = app('ok', { executors: 50 }), big = app('big', { executors: 90 });
    const failed = app('failed', { counts: { ...emptyCounts(), failed: 2 } });
    const stuck = app('stuck', { oldestPendingSince: 0 });
    expect(byAttention([ok, big, stuck, failed], now).map((a) => a.key)).toEqual(['failed', 'stuck', 'big', 'ok']);
  });

  it('hides applications whose pods all left the cluster a while ago', () => {
    expect(isCleanedUp(app('gone', { present: 0, lastChangeAt: now - 11 * 60_000 }), now)).toBe(true);
    expect(isCleanedUp(app('just-gone', { present: 0, lastChangeAt: now - 60_000 }), now)).toBe(false);
    expect(isCleanedUp(app('alive', { present: 3, lastChangeAt: 0 }), now)).toBe(false);
  });
});
