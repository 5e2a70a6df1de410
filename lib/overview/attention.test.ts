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

  it('flags an operator application that failed before any pod, and keeps one still waiting for its driver', () => {
    const operator = { operator: 'kubeflow' as const, name: 'etl', phase: 'submission-failed' as const, rawState: 'SUBMISSION_FAILED', errorMessage: 'image not found', scheduledBy: null };
    const podless = (phase: typeof operator.phase | 'submitted' | 'running', lastChangeAt = now) =>
      app('operator:etl', { operator: { ...operator, phase }, executors: 0, present: 0, lastChangeAt });
    expect(attentionOf(podless('submission-failed'), now)).toBe('failed');
    expect(attentionOf(podless('submitted'), now)).toBe('ok');
    // With a driver, the driver's own state decides (the operator's word lags behind it).
    const driver = { uid: 'u', name: 'd', state: 'running' as const, phase: 'Running', node: null, deleting: false, gone: false, since: now, reason: null, exitCode: null };
    expect(attentionOf(app('joined', { driver, operator: { ...operator, phase: 'failed' } }), now)).toBe('ok');
    expect(isCleanedUp(podless('submitted', 0), now)).toBe(false);
    expect(isCleanedUp(podless('submission-failed', 0), now)).toBe(true);
    // A pod-based application whose pods all left goes, whatever its operator last said.
    expect(isCleanedUp(app('spark-1', { operator: { ...operator, phase: 'running' }, present: 0, lastChangeAt: 0 }), now)).toBe(true);
  });
});
