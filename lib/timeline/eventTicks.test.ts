import { describe, expect, it } from 'vitest';
import type { PodEvent } from '../why/podEvent';
import { eventTicksByPod, firstTickFrom, ticksNear } from './eventTicks';

function ev(over: Partial<PodEvent> = {}): PodEvent {
  return { id: 'e1', type: 'Warning', reason: 'FailedScheduling', message: '0/3 nodes are available', count: 1, first: 1000, last: 1000, source: 'default-scheduler', kind: 'Pod', object: 'exec-1', ...over };
}

describe('eventTicksByPod', () => {
  it('marks each event at its last time, and at its first as well when it repeated', () => {
    const once = ev({ id: 'once', type: 'Normal', reason: 'Scheduled', first: 500, last: 500 });
    const repeated = ev({ id: 'rep', count: 12, first: 1000, last: 9000 });
    const ticks = eventTicksByPod([{ uid: 'u1', events: [once, repeated] }], null).get('u1')!;
    expect(ticks.map((k) => [k.t, k.warning, k.first, k.event.id])).toEqual([[500, false, false, 'once'], [1000, true, true, 'rep'], [9000, true, false, 'rep']]);
  });

  it('leaves out pods without events', () => {
    expect(eventTicksByPod([{ uid: 'u1', events: [] }], null).has('u1')).toBe(false);
  });

  it('puts Normal before Warning at the same instant, so warnings are drawn on top', () => {
    const ticks = eventTicksByPod([{ uid: 'u1', events: [ev({ id: 'w' }), ev({ id: 'n', type: 'Normal' })] }], null).get('u1')!;
    expect(ticks.map((k) => k.event.id)).toEqual(['n', 'w']);
  });

  it('when travelling in time, keeps only what had happened by then', () => {
    const repeated = ev({ id: 'rep', count: 12, first: 1000, last: 9000 });
    const later = ev({ id: 'later', first: 5000, last: 5000 });
    const ticks = eventTicksByPod([{ uid: 'u1', events: [repeated, later] }], 4000).get('u1')!;
    expect(ticks.map((k) => [k.t, k.first, k.event.id])).toEqual([[1000, true, 'rep']]);
    expect(eventTicksByPod([{ uid: 'u1', events: [later] }], 4000).has('u1')).toBe(false);
  });
});

describe('ticksNear', () => {
  const events = [ev({ id: 'a', first: 1000, last: 1000 }), ev({ id: 'b', type: 'Normal', first: 1100, last: 1100 }), ev({ id: 'c', count: 2, first: 1150, last: 5000 })];
  const ticks = eventTicksByPod([{ uid: 'u', events }], null).get('u')!;

  it('finds the ticks within the slack, nearest first', () => {
    expect(ticksNear(ticks, 1090, 70).map((k) => k.event.id)).toEqual(['b', 'c']);
    expect(ticksNear(ticks, 3000, 50)).toEqual([]);
  });

  it('names an event once even when both of its ticks are near', () => {
    const close = eventTicksByPod([{ uid: 'u', events: [ev({ id: 'c', count: 2, first: 1000, last: 1010 })] }], null).get('u')!;
    expect(ticksNear(close, 1005, 50).map((k) => k.event.id)).toEqual(['c']);
  });

  it('firstTickFrom is a lower bound', () => {
    expect(firstTickFrom(ticks, 0)).toBe(0);
    expect(firstTickFrom(ticks, 1100)).toBe(1);
    expect(firstTickFrom(ticks, 6000)).toBe(ticks.length);
  });
});
