// The cause, in words, of a pod's state when it is not running: what a platform engineer
// would otherwise piece together from `kubectl describe`. Pending: the scheduler's diagnosis
// (structured, schedulingCause.ts), a scheduling gate, an image that cannot be pulled, a
// missing secret or config map key, a volume that cannot be attached or mounted, containers
// stuck being created. Ended: eviction and the node's words, a crash loop. The original
// message always travels beside the words.

import type { ExecutorPodState } from '../spark/podState';
import type { PodEvent } from './podEvent';
import type { PodWaiting } from './podWaiting';
import { describeSchedulingDiagnosis, parseSchedulingMessage, type SchedulingDiagnosis } from './schedulingCause';

/** `submission`: a Spark operator could not submit the application (it has no pod to explain). */
export type CauseKind = 'scheduling' | 'gated' | 'image' | 'config' | 'volume' | 'creating' | 'crash' | 'evicted' | 'event' | 'quota' | 'submission';

export interface PodCause {
  kind: CauseKind;
  /** The cause in words, e.g. "12 of 12 nodes lack cpu". */
  text: string;
  /** What Kubernetes said, verbatim (null when it said nothing beyond a reason). */
  message: string | null;
  /** The scheduler's diagnosis, when the cause is scheduling. */
  scheduling?: SchedulingDiagnosis;
}

export interface CauseInput {
  state: ExecutorPodState;
  /** The row's short reason (Unschedulable, Evicted, OOMKilled, …). */
  reason: string | null;
  waiting: PodWaiting | null;
  /** The pod's events and those of its claims, any order. */
  events: readonly PodEvent[];
  /** When the current state began, and now (epoch ms): "stuck creating for 6m". */
  since: number;
  now: number;
}

/** Containers still being created after this long are stuck, and said to be. */
export const STUCK_CREATING_MS = 2 * 60_000;

const IMAGE = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable']);
const CONFIG = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);
const VOLUME_EVENTS = new Set(['FailedMount', 'FailedAttachVolume', 'FailedMapVolume', 'ProvisioningFailed', 'FailedBinding', 'VolumeResizeFailed']);

const newest = (events: readonly PodEvent[], pick: (e: PodEvent) => boolean) =>
  events.filter(pick).reduce<PodEvent | null>((best, e) => (!best || e.last > best.last ? e : best), null);

function minutes(ms: number): string {
  const m = Math.floor(ms / 60_000);
  return m >= 60 ? `${Math.floor(m / 60)}h ${m % 60}m` : `${m}m`;
}

function schedulingCause(message: string | null): PodCause | null {
  const d = parseSchedulingMessage(message);
  if (!d || !d.causes.length) return null;
  return { kind: 'scheduling', text: describeSchedulingDiagnosis(d), message, scheduling: d };
}

/** The image a pull message names, if any. */
function imageOf(message: string | null): string | null {
  return message ? /image "([^"]+)"/.exec(message)?.[1] ?? null : null;
}

export function podCause(input: CauseInput): PodCause | null {
  const { state, reason, waiting, events } = input;
  if (state === 'running' || state === 'succeeded') return null;
  const volumeEvent = newest(events, (e) => e.type === 'Warning' && VOLUME_EVENTS.has(e.reason));

  if (state === 'pending') {
    if (waiting?.reason === 'SchedulingGated') {
      return { kind: 'gated', text: 'held back by a scheduling gate until a queue admits it (Kueue, a gang scheduler)', message: waiting.message };
    }
    if (waiting && waiting.container === null) {
      const fromCondition = schedulingCause(waiting.message);
      if (fromCondition) return fromCondition;
      const fromEvent = schedulingCause(newest(events, (e) => e.reason === 'FailedScheduling')?.message ?? null);
      if (fromEvent) return fromEvent;
      return { kind: 'scheduling', text: waiting.message ?? `not scheduled (${waiting.reason})`, message: waiting.message };
    }
    if (waiting && IMAGE.has(waiting.reason)) {
      const image = imageOf(waiting.message) ?? imageOf(newest(events, (e) => e.reason === 'Failed' && /image/i.test(e.message))?.message ?? null);
      const answer = newest(events, (e) => e.reason === 'Failed' && /pull/i.test(e.message))?.message ?? waiting.message;
      return { kind: 'image', text: `cannot pull ${image ? `image ${image}` : 'its image'} (${waiting.reason})`, message: answer };
    }
    if (waiting && CONFIG.has(waiting.reason)) {
      return { kind: 'config', text: waiting.message ? `container ${waiting.container ?? ''} cannot be configured: ${waiting.message}`.replace('  ', ' ') : `container cannot be configured (${waiting.reason})`, message: waiting.message };
    }
    if (volumeEvent) {
      const multi = /Multi-Attach error/i.test(volumeEvent.message);
      return { kind: 'volume', text: multi ? 'its volume is still attached to another node (Multi-Attach)' : `a volume cannot be ${volumeEvent.reason === 'FailedAttachVolume' ? 'attached' : 'mounted'}`, message: volumeEvent.message };
    }
    if ((waiting?.reason === 'ContainerCreating' || waiting?.reason === 'PodInitializing') && input.now - input.since >= STUCK_CREATING_MS) {
      const warning = newest(events, (e) => e.type === 'Warning');
      return { kind: 'creating', text: `containers still being created after ${minutes(input.now - input.since)}`, message: warning?.message ?? null };
    }
    const scheduling = schedulingCause(newest(events, (e) => e.reason === 'FailedScheduling' && e.last >= input.since)?.message ?? null);
    if (scheduling && !waiting) return scheduling;
    return null;
  }

  const evicted = newest(events, (e) => e.reason === 'Evicted');
  if (reason === 'Evicted' || evicted) {
    return { kind: 'evicted', text: 'evicted by its node', message: evicted?.message ?? null };
  }
  if (waiting?.reason === 'CrashLoopBackOff') return { kind: 'crash', text: `container ${waiting.container ?? ''} keeps crashing (CrashLoopBackOff)`.replace('  ', ' '), message: waiting.message };
  if (volumeEvent && state === 'unknown') return { kind: 'volume', text: 'a volume cannot be mounted', message: volumeEvent.message };
  const warning = newest(events, (e) => e.type === 'Warning' && e.last >= input.since - 60_000);
  if (warning && (state === 'failed' || state === 'unknown')) return { kind: 'event', text: `${warning.reason}: ${warning.message}`, message: warning.message };
  return null;
}

export interface CauseGroup {
  state: ExecutorPodState;
  kind: CauseKind;
  text: string;
  count: number;
  /** One pod it applies to, for a link. */
  example: string;
}

/** Pods grouped by state and cause, largest first: "28 pending: 12 of 12 nodes lack cpu". */
export function groupCauses(pods: readonly { name: string; state: ExecutorPodState; cause: PodCause | null }[]): CauseGroup[] {
  const groups = new Map<string, CauseGroup>();
  for (const p of pods) {
    if (!p.cause) continue;
    const key = `${p.state}\u0000${p.cause.kind}\u0000${p.cause.text}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { state: p.state, kind: p.cause.kind, text: p.cause.text, count: 1, example: p.name });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text));
}

/** One line for an application: "28 pending: 12 of 12 nodes lack cpu". */
export function describeCauseGroup(g: CauseGroup): string {
  return `${g.count} ${g.state}: ${g.text}`;
}
