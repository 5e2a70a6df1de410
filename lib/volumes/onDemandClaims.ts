// Recognises claims Spark created on demand (MountVolumesFeatureStep + ExecutorPodsAllocator):
// from the claim object (spark-app-selector label, an owner reference to the driver or an
// executor pod, the name `<prefix>-exec-<id>-pvc-<i>` / `<prefix>-driver-pvc-<i>`), or from a
// pod's claimName alone. Every verdict carries the evidence it rests on, in words.

import type { KubeOwnerReference, KubePersistentVolumeClaim } from '../kube/types';
import { SPARK_APP_ID_LABEL } from '../spark/labels';

export interface OnDemandClaimName {
  role: 'executor' | 'driver';
  prefix: string;
  /** The executor id in the name (for a reused claim, not the id of the pod mounting it). */
  executorId?: number;
  volumeIndex: number;
}

// Spark writes ids and indexes with Long.toString: no sign, no leading zeros. The greedy
// prefix anchors the match at the last `-exec-`, so prefixes containing "-exec-" still parse.
const NUMBER = '(0|[1-9][0-9]*)';
const EXECUTOR_CLAIM = new RegExp(`^(.+)-exec-${NUMBER}-pvc-${NUMBER}$`);
const DRIVER_CLAIM = new RegExp(`^(.+)-driver-pvc-${NUMBER}$`);
const EXECUTOR_POD = new RegExp(`^(.+)-exec-${NUMBER}$`);

/**
 * The parts of a name Spark gives on-demand claims, or null. With `prefix` known, the name
 * must start with exactly that prefix (an application's claims share its resource prefix).
 */
export function parseOnDemandClaimName(name: string, prefix?: string): OnDemandClaimName | null {
  if (prefix !== undefined && !name.startsWith(`${prefix}-`)) return null;
  const exec = EXECUTOR_CLAIM.exec(name);
  if (exec && (prefix === undefined || exec[1] === prefix)) {
    return { role: 'executor', prefix: exec[1], executorId: Number(exec[2]), volumeIndex: Number(exec[3]) };
  }
  const driver = DRIVER_CLAIM.exec(name);
  if (driver && (prefix === undefined || driver[1] === prefix)) return { role: 'driver', prefix: driver[1], volumeIndex: Number(driver[2]) };
  return null;
}

/** The resource-name prefix and executor id of an executor pod name `<prefix>-exec-<id>`, or null. */
export function parseExecutorPodName(name: string): { prefix: string; executorId: number } | null {
  const m = EXECUTOR_POD.exec(name);
  return m === null ? null : { prefix: m[1], executorId: Number(m[2]) };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `name` with every occurrence of `executorId` that stands alone as a number (no digit on
 * either side) replaced by `replacement`, as undoing Spark's SPARK_EXECUTOR_ID substitution;
 * null when the id does not occur so.
 */
export function replaceExecutorId(name: string, executorId: number, replacement: string): string | null {
  const alone = new RegExp(`(?<![0-9])${escapeRegExp(String(executorId))}(?![0-9])`, 'g');
  return alone.test(name) ? name.replace(alone, replacement) : null;
}

/** The claim name Spark substitutes for `OnDemand`. */
export function onDemandClaimName(prefix: string, role: 'executor' | 'driver', volumeIndex: number, executorId?: number): string {
  return role === 'executor' ? `${prefix}-exec-${executorId ?? 0}-pvc-${volumeIndex}` : `${prefix}-driver-pvc-${volumeIndex}`;
}

export interface OnDemandInput {
  /** The claim object, when it could be read. */
  claim?: KubePersistentVolumeClaim | null;
  /** The claim name as a pod's volume gives it; used when there is no claim object. */
  claimName?: string;
  /** The application's id, checked against the claim's spark-app-selector label. */
  appId?: string;
  /** The application's resource-name prefix (executor pod names without `-exec-<id>`). */
  prefix?: string;
  /** The driver pod's name, to tell the driver owner from other pods. */
  driverPodName?: string;
}

export interface OnDemandRecognition {
  onDemand: boolean;
  /** 'claim': judged from the claim object; 'name': from the name alone (weaker). */
  basis: 'claim' | 'name';
  evidence: string[];
  role?: 'executor' | 'driver';
  executorId?: number;
  volumeIndex?: number;
  prefix?: string;
}

export type OwnerRole = 'driver' | 'executor';

/** The controller owner reference, else the first one. */
export function primaryOwner(claim: KubePersistentVolumeClaim): KubeOwnerReference | undefined {
  const refs = Array.isArray(claim.metadata?.ownerReferences) ? claim.metadata.ownerReferences.filter((r) => r != null && typeof r === 'object') : [];
  return refs.find((r) => r.controller === true) ?? refs[0];
}

/** Whether a pod owner is the driver or an executor, by the names Spark gives them. */
export function ownerRoleOf(owner: Pick<KubeOwnerReference, 'kind' | 'name'>, driverPodName?: string): OwnerRole | undefined {
  if (owner.kind !== 'Pod' || typeof owner.name !== 'string') return undefined;
  const executor = parseExecutorPodName(owner.name) !== null;
  if (driverPodName !== undefined) return owner.name === driverPodName ? 'driver' : executor ? 'executor' : undefined;
  if (executor) return 'executor';
  // spark.kubernetes.driver.pod.name may be anything; the default ends in -driver.
  return owner.name.endsWith('-driver') ? 'driver' : undefined;
}

function describeName(parsed: OnDemandClaimName | null, name: string, prefix?: string): string {
  if (parsed === null) {
    const expected = prefix === undefined ? '<prefix>' : prefix;
    return `The name "${name}" does not follow Spark's on-demand pattern ${expected}-exec-<id>-pvc-<i> or ${expected}-driver-pvc-<i>.`;
  }
  return parsed.role === 'executor'
    ? `The name follows Spark's on-demand pattern <prefix>-exec-<id>-pvc-<i>: prefix "${parsed.prefix}", executor ${parsed.executorId}, volume index ${parsed.volumeIndex}.`
    : `The name follows Spark's on-demand pattern <prefix>-driver-pvc-<i>: prefix "${parsed.prefix}", volume index ${parsed.volumeIndex}.`;
}

function withParts(r: Omit<OnDemandRecognition, 'role' | 'executorId' | 'volumeIndex' | 'prefix'>, parts: Partial<OnDemandClaimName> | null): OnDemandRecognition {
  const out: OnDemandRecognition = { ...r };
  if (parts?.role !== undefined) out.role = parts.role;
  if (parts?.executorId !== undefined) out.executorId = parts.executorId;
  if (parts?.volumeIndex !== undefined) out.volumeIndex = parts.volumeIndex;
  if (parts?.prefix !== undefined) out.prefix = parts.prefix;
  return out;
}

/** Whether Spark created this claim on demand, and what the claim and its name say. */
export function recognizeOnDemandClaim(input: OnDemandInput): OnDemandRecognition {
  const claim = input.claim ?? null;
  const name = claim?.metadata?.name ?? input.claimName ?? '';
  const parsed = parseOnDemandClaimName(name, input.prefix);
  if (claim === null) {
    const evidence = [describeName(parsed, name, input.prefix), 'Judged from the claim name alone; the claim object was not available.'];
    return withParts({ onDemand: parsed !== null, basis: 'name', evidence }, parsed);
  }

  const evidence = [describeName(parsed, name, input.prefix)];
  const label = claim.metadata?.labels?.[SPARK_APP_ID_LABEL];
  const hasLabel = typeof label === 'string';
  if (!hasLabel) evidence.push(`No ${SPARK_APP_ID_LABEL} label; Spark labels every claim it creates with the application id (since 3.2).`);
  else if (input.appId !== undefined && label !== input.appId) evidence.push(`Labelled ${SPARK_APP_ID_LABEL}=${label}, another application than ${input.appId}.`);
  else evidence.push(`Labelled ${SPARK_APP_ID_LABEL}=${label}.`);

  const owner = primaryOwner(claim);
  const ownerRole = owner ? ownerRoleOf(owner, input.driverPodName) : undefined;
  let ownerParts: Partial<OnDemandClaimName> | null = null;
  if (owner === undefined) {
    evidence.push('No owner reference. Spark always sets one (the executor pod, or the driver pod with ownPersistentVolumeClaim); it is gone if the owner was deleted with --cascade=orphan.');
  } else if (ownerRole === 'driver') {
    evidence.push(`Owned by the driver pod ${owner.name} (spark.kubernetes.driver.ownPersistentVolumeClaim=true).`);
  } else if (ownerRole === 'executor') {
    const { prefix, executorId } = parseExecutorPodName(owner.name)!;
    ownerParts = { role: 'executor', prefix, executorId };
    evidence.push(`Owned by the executor pod ${owner.name} (spark.kubernetes.driver.ownPersistentVolumeClaim=false, or the driver pod was unknown).`);
  } else {
    evidence.push(`Owned by ${owner.kind} ${owner.name}, which is not a Spark driver or executor pod by name.`);
  }

  const podOwner = ownerRole !== undefined;
  // Spark also creates claims whose name is not OnDemand-derived: any claimName template with
  // both storageClass and sizeLimit. Label plus pod owner is therefore enough on its own.
  const onDemand = (hasLabel && podOwner) || (parsed !== null && (hasLabel || podOwner));
  if (onDemand && parsed === null) evidence.push('Spark creates a claim for any claimName when both options.storageClass and options.sizeLimit are set, so the name need not be OnDemand-derived.');
  return withParts({ onDemand, basis: 'claim', evidence }, parsed ?? ownerParts);
}
