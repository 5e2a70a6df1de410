import { describe, expect, it } from 'vitest';
import type { KubeEvent } from '../../lib/kube/types';
import type { ChangeBatch } from './changeBatch';
import { EventStore } from './eventStore';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const ev = (id: string, over: Partial<KubeEvent> & { uid?: string; name?: string; kind?: string } = {}): KubeEvent => ({
  metadata: { uid: id, name: `${over.name ?? 'exec-1'}.${id}`, namespace: 'spark' },
  involvedObject: { kind: over.kind ?? 'Pod', name: over.name ?? 'exec-1', namespace: 'spark', ...(over.uid === undefined ? { uid: 'pod-1' } : over.uid ? { uid: over.uid } : {}) },
  type: 'Warning', reason: 'FailedScheduling', message: '0/3 nodes are available: 3 Insufficient cpu.', count: 1,
  lastTimestamp: new Date(NOW - 1000).toISOString(), ...over,
});

describe('EventStore', () => {
  it('keeps a pod\'s warning events by uid, a repeat replacing the older count, and ignores the API\'s expiry', () => {
    const store = new EventStore(100, () => NOW);
    store.upsert(ev('e1'), 'ADDED');
    store.upsert(ev('e1', { count: 5, lastTimestamp: new Date(NOW).toISOString() }), 'MODIFIED');
    store.upsert(ev('e1'), 'DELETED');
    const events = store.eventsOf('pod-1', 'spark', []);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ count: 5, reason: 'FailedScheduling' });
    expect(store.size).toBe(1);
  });

  it('keeps Normal events only when they explain a state', () => {
    const store = new EventStore(100, () => NOW);
    store.upsert(ev('n1', { type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned spark/exec-1 to n1' }), 'ADDED');
    store.upsert(ev('n2', { type: 'Normal', reason: 'NotTriggerScaleUp', message: "pod didn't trigger scale-up: 2 max node group size reached" }), 'ADDED');
    expect(store.eventsOf('pod-1', 'spark', []).map((e) => e.reason)).toEqual(['NotTriggerScaleUp']);
  });

  it('joins claims\' events to the pods that mount them, and finds a pod by name when the event names no uid', () => {
    const store = new EventStore(100, () => NOW, (ns, name) => (ns === 'spark' && name === 'exec-2' ? 'pod-2' : null));
    store.upsert(ev('c1', { kind: 'PersistentVolumeClaim', name: 'data-exec-2', uid: '', reason: 'ProvisioningFailed', message: 'storageclass "fast" not found' }), 'ADDED');
    store.upsert(ev('p2', { name: 'exec-2', uid: '' }), 'ADDED');
    expect(store.eventsOf('pod-2', 'spark', ['data-exec-2']).map((e) => e.reason).sort()).toEqual(['FailedScheduling', 'ProvisioningFailed']);
  });

  it('bounds each pod\'s events, and forgets them with the pod', () => {
    const store = new EventStore(100, () => NOW);
    for (let i = 0; i < 30; i++) store.upsert(ev(`e${i}`, { lastTimestamp: new Date(NOW - 100_000 + i * 1000).toISOString() }), 'ADDED');
    const kept = store.eventsOf('pod-1', 'spark', []);
    expect(kept.length).toBe(12);
    expect(kept[kept.length - 1].id).toBe('e29');
    const forgotten: ChangeBatch = { seq: 1, at: NOW, listings: [], reset: null, changes: [{ uid: 'pod-1', before: null, after: null, transitions: [], driverLog: [], receivedAt: NOW }] };
    store.onBatch(forgotten);
    expect(store.eventsOf('pod-1', 'spark', [])).toEqual([]);
    expect(store.size).toBe(0);
  });

  it('announces which pod or claim has news', () => {
    const store = new EventStore(100, () => NOW);
    const heard: unknown[] = [];
    store.onChange((ns, obj) => heard.push([ns, obj]));
    store.upsert(ev('e1'), 'ADDED');
    store.upsert(ev('e1'), 'MODIFIED');
    expect(heard).toEqual([['spark', { kind: 'Pod', uid: 'pod-1' }]]);
  });
});
