// The plan of one simulated Spark application: what spark-submit was given (names, images,
// resources, volumes, pod template, service account) and the story it will play (sizes,
// runtime, how its executors end). Scenarios build plans; the pod builder, the driver and
// the kubelet read them. Plans are data plus one decision function, drawn from a seeded Prng.

import type { KubeContainer, KubeVolume } from '../../lib/kube/types';
import type { Prng } from './prng';

/** One `spark.kubernetes.executor.volumes.<type>.<name>.*` entry. */
export interface ExecutorVolume {
  type: 'hostPath' | 'emptyDir' | 'nfs' | 'persistentVolumeClaim';
  name: string;
  mountPath: string;
  readOnly?: boolean;
  /** `options.*`: path/type, medium/sizeLimit, server/path, claimName/storageClass/sizeLimit. */
  options: Record<string, string>;
}

/** The executor pod template (spark.kubernetes.executor.podTemplateFile). */
export interface PodTemplatePlan {
  /** The name the template gives the executor container, which Spark keeps. */
  executorContainerName?: string;
  /** Whether spark.kubernetes.executor.podTemplateContainerName names it (if not: the trap). */
  containerNameConfigured: boolean;
  /** Regular containers: stay in the pod before Spark's container. */
  sidecars: KubeContainer[];
  initContainers: KubeContainer[];
  volumes: KubeVolume[];
  /** Mounts the template puts on the executor container. */
  executorMounts: { name: string; mountPath: string; readOnly?: boolean }[];
}

/** How one executor ends if the driver does not end it first. */
export type ExecutorFate =
  | { kind: 'runs' }
  | { kind: 'exits'; afterMs: number; exitCode: number; reason: string; container: 'spark' | 'sidecar' }
  | { kind: 'evicted'; afterMs: number }
  | { kind: 'unschedulable' };

export interface AppPlan {
  /** The scenario that built it (for logs and stats). */
  story: string;
  /** spark.app.name as the user wrote it. */
  appName: string;
  namespace: string;
  serviceAccount: string;
  sparkVersion: string;
  image: string;
  mainClass: string;
  appResource: string;
  appArgs: string[];
  driver: { cores: number; memoryMiB: number };
  executor: { cores: number; memoryMiB: number; overheadMiB?: number; limitCores?: string };
  /** spark.executor.instances, or the initial target with dynamic allocation. */
  instances: number;
  dynamic?: { min: number; max: number; everyMs: number };
  /** How long the job runs once the driver has started. */
  runtimeMs: number;
  /** The driver's exit code when the job ends by itself. */
  exitCode: number;
  /** spark.executor.maxNumFailures (default max(3, 2 × executors)). */
  maxFailures: number;
  deleteOnTermination: boolean;
  /** What the driver's service account may do (a plan with false plays a missing permission). */
  canDeletePods: boolean;
  volumes: ExecutorVolume[];
  /** On-demand claims: the share the PV controller binds, and whether the app leaves them behind. */
  claims?: { bindShare: number; leaveBehind: boolean };
  template?: PodTemplatePlan;
  /** Share of executors created with spark-exec-id=EXECID and patched later. */
  execIdPlaceholderShare: number;
  /** The driver dies on its own before allocating (e.g. no usable service account). */
  driverDies?: { afterMs: number; exitCode: number };
  executorFate(rng: Prng, execId: number): ExecutorFate;
}

/** Spark's default memory overhead: 10 % of the heap, at least 384 MiB. */
export function overheadMiB(memoryMiB: number, explicit?: number): number {
  return explicit ?? Math.max(Math.floor(memoryMiB * 0.1), 384);
}

/** Spark's default failure limit: max(3, 2 × executors). */
export function defaultMaxFailures(executors: number): number {
  return Math.max(3, 2 * executors);
}
