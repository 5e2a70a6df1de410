import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/log';
import { createEventRecorder } from './events';
import { createFakeKubeApi } from './fakeKubeApi';
import { createRequestQueue } from './requestQueue';

const target = { name: 'app-driver', namespace: 'spark-etl', uid: 'u-1' };
const warning = { type: 'Warning' as const, reason: 'FailedDelete', message: 'forbidden', component: 'spark-driver' };

describe('createEventRecorder', () => {
  it('creates v1 Events about the pod and deletes the oldest beyond its limit', async () => {
    const fake = createFakeKubeApi();
    const events = createEventRecorder(createRequestQueue(fake, 4), silentLogger, () => Date.UTC(2025, 10, 24, 12), 2);
    for (let i = 0; i < 3; i++) await events.record(target, warning);
    const stored = fake.list('/api/v1/namespaces/spark-etl/events');
    expect(stored).toHaveLength(2);
    expect(stored[0]).toMatchObject({
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'app-driver', namespace: 'spark-etl', uid: 'u-1' },
      type: 'Warning', reason: 'FailedDelete', count: 1, firstTimestamp: '2025-11-24T12:00:00Z', source: { component: 'spark-driver' },
    });
    expect(events.stats).toMatchObject({ created: 3, expired: 1, supported: true });
  });

  it('turns itself off when the API does not serve events', async () => {
    const fake = createFakeKubeApi({ events: false });
    const events = createEventRecorder(createRequestQueue(fake, 4), silentLogger, Date.now);
    await events.record(target, warning);
    await events.record(target, warning);
    expect(events.stats).toMatchObject({ created: 0, failed: 1, supported: false });
    expect(fake.calls).toHaveLength(1);
  });
});
