// Kubernetes events as ticks on the executor timeline: one at each event's last occurrence,
// and one at its first when it repeated (a FailedScheduling seen 40 times since 10:02 marks both
// ends of the wait). Per pod, sorted by time, so a row's ticks near the cursor are a binary
// search away; when travelling in time, only what had happened by then.

import type { PodEvent } from '../why/podEvent';

export interface EventTick {
  t: number;
  warning: boolean;
  /** The first occurrence of a repeated event (the last one has its own tick). */
  first: boolean;
  event: PodEvent;
}

/** Each pod's ticks by uid, in time order (Normal before Warning at the same instant, so warnings are drawn on top). */
export function eventTicksByPod(pods: readonly { uid: string; events: readonly PodEvent[] }[], at: number | null): Map<string, EventTick[]> {
  const out = new Map<string, EventTick[]>();
  for (const pod of pods) {
    const ticks: EventTick[] = [];
    for (const event of pod.events) {
      const warning = event.type === 'Warning';
      const repeated = event.count > 1 && event.first < event.last;
      if (at !== null && event.first > at) continue;
      if (at === null || event.last <= at) ticks.push({ t: event.last, warning, first: false, event });
      if (repeated || (at !== null && event.last > at)) ticks.push({ t: event.first, warning, first: true, event });
    }
    if (!ticks.length) continue;
    ticks.sort((a, b) => a.t - b.t || Number(a.warning) - Number(b.warning));
    out.set(pod.uid, ticks);
  }
  return out;
}

/** Index of the first tick at or after `t` (ticks.length when none is). */
export function firstTickFrom(ticks: readonly EventTick[], t: number): number {
  let lo = 0, hi = ticks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ticks[mid].t < t) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** The ticks within `slackMs` of `t`, nearest first; an event marked at both ends appears once. */
export function ticksNear(ticks: readonly EventTick[], t: number, slackMs: number): EventTick[] {
  const found: EventTick[] = [];
  for (let i = firstTickFrom(ticks, t - slackMs); i < ticks.length && ticks[i].t <= t + slackMs; i++) found.push(ticks[i]);
  found.sort((a, b) => Math.abs(a.t - t) - Math.abs(b.t - t) || Number(b.warning) - Number(a.warning));
  const seen = new Set<PodEvent>();
  return found.filter((k) => (seen.has(k.event) ? false : (seen.add(k.event), true)));
}
