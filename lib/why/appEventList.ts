// An application's events as one list for its Events panel: every pod's kept events, newest
// first, each with the pod it is about; as they stood at a moment when travelling in time. The
// server sends them grouped by pod, oldest first (the timeline draws them per row).

import type { AppEventsResponse } from '../apiTypes';
import type { PodEvent } from './podEvent';

export type AppEventPod = AppEventsResponse['pods'][number];

export interface AppEventEntry {
  pod: Omit<AppEventPod, 'events'>;
  event: PodEvent;
}

export interface AppEventListOptions {
  /** Show the events as they stood at this moment (null: now). */
  at: number | null;
  warningOnly: boolean;
}

export interface AppEventList {
  entries: AppEventEntry[];
  /** Before the Warning filter: what the list would hold without it. */
  total: number;
  warnings: number;
}

/**
 * The event as known at `at`: itself once its last occurrence had happened, nothing before its
 * first; in between it had happened at least once, and only its first occurrence is dated.
 */
export function eventAsOf(e: PodEvent, at: number | null): PodEvent | null {
  if (at === null || e.last <= at) return e;
  if (e.first > at) return null;
  return { ...e, last: e.first, count: 1 };
}

/** Every event of the pods, newest first (ties: the pod's name, then the reason). */
export function appEventList(pods: readonly AppEventPod[], { at, warningOnly }: AppEventListOptions): AppEventList {
  const entries: AppEventEntry[] = [];
  let total = 0;
  let warnings = 0;
  for (const { events, ...pod } of pods) {
    for (const raw of events) {
      const event = eventAsOf(raw, at);
      if (!event) continue;
      total++;
      if (event.type === 'Warning') warnings++;
      else if (warningOnly) continue;
      entries.push({ pod, event });
    }
  }
  entries.sort((a, b) => b.event.last - a.event.last || a.pod.name.localeCompare(b.pod.name) || a.event.reason.localeCompare(b.event.reason));
  return { entries, total, warnings };
}
