import { describe, expect, it } from 'vitest';
import { appEventList, eventAsOf, type AppEventPod } from './appEventList';
import type { PodEvent } from './podEvent';

function ev(over: Partial<PodEvent> = {}): PodEvent {
  return { id: 'e1', type: 'Warning', reason: 'FailedScheduling', message: '0/3 nodes are available', count: 1, first: 1000, last: 1000, source: 'default-scheduler', kind: 'Pod', object: 'exec-1', ...over };
}

function pod(name: string, events: PodEvent[], over: Partial<AppEventPod> = {}): AppEventPod {
  return { uid: `uid-${name}`, name, role: 'executor', executorId: 1, events, ...over };
}

describe('eventAsOf', () => {
  it('is the event once its last occurrence had happened, and nothing before its first', () => {
    const e = ev({ count: 5, first: 1000, last: 5000 });
    expect(eventAsOf(e, null)).toBe(e);
    expect(eventAsOf(e, 5000)).toBe(e);
    expect(eventAsOf(e, 999)).toBeNull();
  });

  it('in between, is the event as first seen: once, at its first time', () => {
    expect(eventAsOf(ev({ count: 5, first: 1000, last: 5000 }), 3000)).toMatchObject({ count: 1, first: 1000, last: 1000 });
  });
});

describe('appEventList', () => {
  const pods = [
    pod('exec-1', [ev({ id: 'a', last: 1000 }), ev({ id: 'b', type: 'Normal', reason: 'Scheduled', first: 2000, last: 2000 })]),
    pod('driver', [ev({ id: 'c', reason: 'BackOff', first: 1500, last: 3000, count: 3 })], { role: 'driver', executorId: null }),
  ];

  it('lists every pod\'s events newest first, each with its pod', () => {
    const list = appEventList(pods, { at: null, warningOnly: false });
    expect(list.entries.map((x) => [x.pod.name, x.event.id])).toEqual([['driver', 'c'], ['exec-1', 'b'], ['exec-1', 'a']]);
    expect(list.entries[0].pod).toEqual({ uid: 'uid-driver', name: 'driver', role: 'driver', executorId: null });
    expect(list).toMatchObject({ total: 3, warnings: 2 });
  });

  it('keeps only warnings when asked, still counting all', () => {
    const list = appEventList(pods, { at: null, warningOnly: true });
    expect(list.entries.map((x) => x.event.id)).toEqual(['c', 'a']);
    expect(list).toMatchObject({ total: 3, warnings: 2 });
  });

  it('when travelling in time, leaves out what had not happened yet', () => {
    const list = appEventList(pods, { at: 1800, warningOnly: false });
    expect(list.entries.map((x) => [x.event.id, x.event.last, x.event.count])).toEqual([['c', 1500, 1], ['a', 1000, 1]]);
    expect(list.total).toBe(2);
  });

  it('orders events of the same instant by pod name, then reason', () => {
    const same = [pod('b', [ev({ id: '1', reason: 'Z' })]), pod('a', [ev({ id: '2', reason: 'Y' }), ev({ id: '3', reason: 'X' })])];
    expect(appEventList(same, { at: null, warningOnly: false }).entries.map((x) => x.event.id)).toEqual(['3', '2', '1']);
  });
});
