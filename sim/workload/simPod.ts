// A pod the simulator drives: what it was created as, what its kubelet has done to it so far
// (the runtime record its status is computed from), and who is told when it changes.

import type { KubePodStatus } from '../../lib/kube/types';
import type { ExecutorFate } from './appPlan';
import type { SimNode } from './nodePool';
import type { PodRuntime } from './podStatus';
import type { Prng } from './prng';
import type { SimTimer } from './simClock';

export type PodStage = 'new' | 'unscheduled' | 'unschedulable' | 'starting' | 'running' | 'finished' | 'gone';

export interface PodObserver {
  /** The status changed (written by us, or seen changed by someone else). */
  onStatus(pod: SimPod): void;
  onGone(pod: SimPod): void;
}

export interface SimPod {
  readonly name: string;
  readonly namespace: string;
  readonly role: 'driver' | 'executor';
  readonly execId: number | null;
  readonly rng: Prng;
  readonly observer: PodObserver;
  /** The container a fate of kind 'spark' kills. */
  readonly mainContainer: string;
  /** Its memory request, for eviction messages. */
  readonly memoryRequest: string;
  uid: string | null;
  stage: PodStage;
  runtime: PodRuntime;
  status: KubePodStatus | null;
  /** Why the scheduler cannot place it (then it stays Pending). */
  block: string | null;
  fate: ExecutorFate;
  node: SimNode | null;
  /** The API has set a deletionTimestamp. */
  deleting: boolean;
  timer: SimTimer | null;
  failures: number;
}
