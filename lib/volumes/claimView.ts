// One persistent volume claim as the volumes panel shows it: size, class, binding, owner,
// whether Spark created it, who mounts it, and whether Spark's allocator would hand it to
// the next executor (ExecutorPodsAllocator.getReusablePVCs, spark-k8s-reference section h).
// Time comes in as `now`; nothing here reads a clock.

import type { KubePersistentVolumeClaim } from '../kube/types';
import { parseKubeTime } from '../kube/timestamps';
import { SPARK_APP_ID_LABEL } from '../spark/labels';
import { ownerRoleOf, primaryOwner, recognizeOnDemandClaim, type OnDemandRecognition, type OwnerRole } from './onDemandClaims';

/** spark.kubernetes.allocation.batch.delay default. */
export const DEFAULT_BATCH_DELAY_MS = 1000;
/** spark.kubernetes.allocation.executor.timeout default. */
export const DEFAULT_EXECUTOR_TIMEOUT_MS = 600_000;

/** Spark's pod-creation timeout: max(5 × batch.delay, allocation.executor.timeout). */
export function podCreationTimeoutMs(batchDelayMs = DEFAULT_BATCH_DELAY_MS, executorTimeoutMs = DEFAULT_EXECUTOR_TIMEOUT_MS): number {
  return Math.max(5 * batchDelayMs, executorTimeoutMs);
}

export interface ClaimUser {
  name: string;
  role: 'driver' | 'executor';
  /** The pod's state as Spark decides it (lib/spark/podState), or its phase. */
  state: string;
  executorId: number | null;
  /** metadata.deletionTimestamp is set (a pod can be Running while being deleted). */
  beingDeleted?: boolean;
}

export interface ClaimContext {
  /** Pods in the current snapshot whose volumes name this claim. */
  podsUsing: ClaimUser[];
  appFinished: boolean;
  now: number;
  /** The application the panel shows; its id must be the claim's spark-app-selector. */
  appId?: string;
  driverPodName?: string;
  /** The application's resource-name prefix. */
  prefix?: string;
}

export interface ClaimViewOptions {
  /** Default: podCreationTimeoutMs() with Spark's defaults, 600 s. */
  podCreationTimeoutMs?: number;
}

export interface ClaimView {
  name: string;
  namespace: string;
  /** status.phase, or 'Unknown' when the claim has no status. */
  phase: 'Pending' | 'Bound' | 'Lost' | string;
  requested?: string;
  capacity?: string;
  storageClass?: string;
  accessModes: string[];
  volumeName?: string;
  owner?: { kind: string; name: string; role?: OwnerRole };
  onDemand: OnDemandRecognition;
  appId?: string;
  usedBy: string[];
  reusableBySpark: boolean;
  reuseReason: string;
  createdAt?: number;
  beingDeleted: boolean;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

function list(names: readonly string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

interface ReuseInput {
  view: Omit<ClaimView, 'reusableBySpark' | 'reuseReason'>;
  context: ClaimContext;
  timeoutMs: number;
}

/**
 * Spark's rule, in its order of checks. Spark itself lists claims by label, drops those
 * mounted by executor pods of the snapshot and those not older than the timeout; the owner
 * stands in for the settings it needs (reuse requires ownPersistentVolumeClaim, under which
 * the driver owns every claim it creates).
 */
function reuseVerdict({ view, context, timeoutMs }: ReuseInput): { reusable: boolean; reason: string } {
  const no = (reason: string) => ({ reusable: false, reason });
  if (context.appFinished) return no('The application has finished, so no executor allocator is running to reuse the claim.');
  if (view.appId === undefined) return no(`Spark looks for reusable claims by the label ${SPARK_APP_ID_LABEL}=<application id>; this claim has no such label.`);
  if (context.appId !== undefined && view.appId !== context.appId) return no(`The claim is labelled for application ${view.appId}, not ${context.appId}; only that application's driver would reuse it.`);
  if (view.owner?.role === 'executor') {
    return no(`The claim is owned by executor pod ${view.owner.name}, so spark.kubernetes.driver.ownPersistentVolumeClaim is false (or the driver pod was unknown); Spark reuses claims only with ownPersistentVolumeClaim=true, and deletes this one with its executor pod.`);
  }
  if (view.owner?.role !== 'driver') {
    const who = view.owner ? `${view.owner.kind} ${view.owner.name}` : 'no owner';
    return no(`Spark reuses claims only with spark.kubernetes.driver.ownPersistentVolumeClaim=true, under which the driver pod owns every claim it creates; this claim has ${who}, so reuse cannot be confirmed.`);
  }
  const executors = context.podsUsing.filter((p) => p.role === 'executor');
  const terminating = executors.filter((p) => p.beingDeleted === true || p.state === 'terminating');
  if (terminating.length > 0) {
    return no(`Mounted by executor pod ${list(terminating.map((p) => p.name))}, which is still terminating; Spark counts the claim as in use until the pod is gone from its snapshot.`);
  }
  if (executors.length > 0) return no(`Mounted by executor pod ${list(executors.map((p) => p.name))} in the current snapshot.`);
  if (view.createdAt === undefined) return no('The claim has no readable creation time, and Spark reuses only claims older than the pod-creation timeout.');
  const age = context.now - view.createdAt;
  if (age <= timeoutMs) {
    return no(`Created ${seconds(Math.max(0, age))} ago; Spark reuses a claim only once it is older than the pod-creation timeout, max(5 × spark.kubernetes.allocation.batch.delay, spark.kubernetes.allocation.executor.timeout) = ${seconds(timeoutMs)}.`);
  }
  const parts = [
    `Free for Spark to reuse (assuming spark.kubernetes.driver.reusePersistentVolumeClaim keeps its default, true): labelled for this application, owned by the driver pod, mounted by no executor pod and older than ${seconds(timeoutMs)}. The next executor whose own claim asks for storage class ${view.storageClass ?? '(none)'} and at most ${view.requested ?? 'its requested size'} gets it instead of a new claim (larger claims qualify since SPARK-55496; before, only equal sizes).`,
  ];
  const drivers = context.podsUsing.filter((p) => p.role === 'driver');
  if (drivers.length > 0) {
    parts.push(`The driver pod ${drivers[0].name} mounts it, but Spark only counts claims mounted by executor pods, so it would still offer it to a new executor; with access mode ReadWriteOncePod that executor cannot start while the driver holds it.`);
  }
  if (view.phase !== 'Bound') parts.push(`It is ${view.phase}, not Bound; Spark does not check the phase, so an executor given it waits until it binds.`);
  if (view.beingDeleted) parts.push('It is being deleted (deletionTimestamp set); Spark does not check that either, and an executor given it cannot start.');
  return { reusable: true, reason: parts.join(' ') };
}

/** The claim as the panel shows it, with Spark's reuse verdict. */
export function claimView(pvc: KubePersistentVolumeClaim, context: ClaimContext, options: ClaimViewOptions = {}): ClaimView {
  const meta = pvc.metadata ?? {};
  const timeoutMs = options.podCreationTimeoutMs ?? podCreationTimeoutMs();
  const owner = primaryOwner(pvc);
  const ownerRole = owner ? ownerRoleOf(owner, context.driverPodName) : undefined;
  const label = meta.labels?.[SPARK_APP_ID_LABEL];
  const createdAt = parseKubeTime(meta.creationTimestamp, context.now);
  const accessModes = pvc.status?.accessModes ?? pvc.spec?.accessModes;
  const view: Omit<ClaimView, 'reusableBySpark' | 'reuseReason'> = {
    name: meta.name ?? '',
    namespace: meta.namespace ?? '',
    phase: typeof pvc.status?.phase === 'string' ? pvc.status.phase : 'Unknown',
    accessModes: Array.isArray(accessModes) ? accessModes.filter((m) => typeof m === 'string') : [],
    onDemand: recognizeOnDemandClaim({ claim: pvc, appId: context.appId, prefix: context.prefix, driverPodName: context.driverPodName }),
    usedBy: context.podsUsing.map((p) => p.name),
    beingDeleted: meta.deletionTimestamp != null,
  };
  const requested = pvc.spec?.resources?.requests?.storage;
  const capacity = pvc.status?.capacity?.storage;
  if (typeof requested === 'string') view.requested = requested;
  if (typeof capacity === 'string') view.capacity = capacity;
  if (typeof pvc.spec?.storageClassName === 'string') view.storageClass = pvc.spec.storageClassName;
  if (typeof pvc.spec?.volumeName === 'string' && pvc.spec.volumeName !== '') view.volumeName = pvc.spec.volumeName;
  if (owner) view.owner = ownerRole === undefined ? { kind: owner.kind, name: owner.name } : { kind: owner.kind, name: owner.name, role: ownerRole };
  if (typeof label === 'string') view.appId = label;
  if (createdAt !== null) view.createdAt = createdAt;
  const { reusable, reason } = reuseVerdict({ view, context, timeoutMs });
  return { ...view, reusableBySpark: reusable, reuseReason: reason };
}
