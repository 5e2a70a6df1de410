import { describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { ApiProbe } from './apiProbe';
import type { KubeTransport } from './kubeTransport';
import { KubeApiError } from './kubeTransport';
import type { VersionMark } from '../store/snapshotSink';

function probeWith(answer: () => Promise<unknown>) {
  let now = 1_000_000;
  const observed: [string | undefined, VersionMark][] = [];
  const transport = { getJson: async () => { const a = answer(); now += 5000; return a; } } as unknown as KubeTransport;
  const sink = { versionMark: () => ({ version: '500', epoch: 0 }), observeClusterVersion: (rv: string | undefined, mark: VersionMark) => { observed.push([rv, mark]); } };
  const scheduler = { now: () => now, after: () => () => {}, every: () => () => {} };
  const probe = new ApiProbe(transport, sink, { namespace: '*', labelSelector: 'spark-role', intervalMs: 5000, timeoutMs: 5000, scheduler }, createLogger({ write: () => {} }));
  return { probe, observed, now: () => now };
}

describe('ApiProbe', () => {
  it('passes the cluster version on with the mark taken before asking', async () => {
    const { probe, observed } = probeWith(async () => ({ metadata: { resourceVersion: '42' }, items: [] }));
    await probe.probeOnce();
    expect(observed).toEqual([['42', { version: '500', epoch: 0 }]]);
    expect(probe.tracker.health.state).toBe('healthy');
  });

  it('an API server that does not answer is failing since the first unanswered probe was sent, however long it lasts', async () => {
    const timeout = () => Promise.reject(new KubeApiError('no answer from the API server within 5000 ms', null, 'Timeout'));
    const { probe } = probeWith(timeout);
    await probe.probeOnce();
    const since = probe.tracker.health.failingSince;
    expect(probe.tracker.health.state).toBe('retrying');
    expect(since).toBe(1_000_000);
    await probe.probeOnce();
    await probe.probeOnce();
    expect(probe.tracker.health.failingSince).toBe(since);
    expect(probe.tracker.health.failures).toBe(3);
  });

  it('any HTTP answer, even an error, proves the API server alive (the sources report what it means)', async () => {
    const { probe, observed } = probeWith(() => Promise.reject(new KubeApiError('forbidden', 403, 'Forbidden')));
    await probe.probeOnce();
    expect(probe.tracker.health.state).toBe('healthy');
    expect(observed).toEqual([]);
  });
});
