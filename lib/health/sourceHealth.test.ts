import { describe, expect, it } from 'vitest';
import { assessHealth, RESET_NOTICE_MS, type SourceHealth } from './sourceHealth';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const source = (over: Partial<SourceHealth>): SourceHealth => ({
  name: 'watch:*', kind: 'watch', resource: 'Pod', plural: 'pods', namespace: '*', state: 'healthy', synced: true,
  lastEventAt: T0, lastSyncAt: T0, lastError: null, failingSince: null, failures: 0, nextRetryAt: null, restarts: 0, relists: 0, malformed: 0, ...over,
});

describe('assessHealth', () => {
  it('is ready when every source is synced and healthy', () => {
    expect(assessHealth({ sources: [source({}), source({ name: 'probe', kind: 'probe', resource: 'API server' })], now: T0, pollIntervalMs: 30_000 }))
      .toMatchObject({ ready: true, stale: false, problems: [], staleSince: null });
  });

  it('a probe the API server does not answer makes the data stale since the outage began, not since the last retry', () => {
    const probe = source({ name: 'probe', kind: 'probe', resource: 'API server', state: 'retrying', failures: 4, failingSince: T0, lastError: { message: 'no answer within 5000 ms', status: null, at: T0 + 20_000 } });
    const v = assessHealth({ sources: [source({}), probe], now: T0 + 25_000, pollIntervalMs: 30_000 });
    expect(v.ready).toBe(false);
    expect(v.staleSince).toBe(T0);
    expect(v.problems).toEqual(['The Kubernetes API server has not answered for 25 s (since 10:00:00 UTC): no answer within 5000 ms. What is shown may be out of date.']);
  });

  it('a failing watch is stale since its first failure', () => {
    const watch = source({ state: 'retrying', failures: 3, failingSince: T0, lastError: { message: 'connection refused', status: null, at: T0 + 9000 } });
    expect(assessHealth({ sources: [watch], now: T0 + 10_000, pollIntervalMs: 30_000 }).staleSince).toBe(T0);
  });

  it('a reset is a problem while rebuilding, then a notice for a while, then nothing', () => {
    const reset = { detectedAt: T0, before: '5312', after: '12', detectedBy: 'probe', rebuiltAt: null };
    const rebuilding = assessHealth({ sources: [source({})], now: T0 + 1000, pollIntervalMs: 30_000, reset });
    expect(rebuilding.ready).toBe(false);
    expect(rebuilding.problems[0]).toMatch(/went back in time at 10:00:00 UTC: the Kubernetes API answered with resourceVersion 12 after 5312 had been seen/);
    const rebuilt = assessHealth({ sources: [source({})], now: T0 + 2000, pollIntervalMs: 30_000, reset: { ...reset, rebuiltAt: T0 + 1500 } });
    expect(rebuilt).toMatchObject({ ready: true, problems: [] });
    expect(rebuilt.notices[0]).toMatch(/rebuilt its view from fresh lists at 10:00:01 UTC/);
    expect(assessHealth({ sources: [source({})], now: T0 + 1500 + RESET_NOTICE_MS, pollIntervalMs: 30_000, reset: { ...reset, rebuiltAt: T0 + 1500 } }).notices).toEqual([]);
  });
});
