// Groups an application's volumes across its pods: executors apart from the driver, one group
// per volume that is the same in every pod (name, kind, source), or the same up to the
// executor id in the claim name (OnDemand's `<prefix>-exec-<id>-pvc-<i>`, or a claimName
// template with SPARK_EXECUTOR_ID). Shows where executors differ and which reuse a claim.

import type { PodVolume, VolumeKind, VolumeMountUse, VolumeOrigin, VolumeSource } from './extractVolumes';
import { parseOnDemandClaimName, replaceExecutorId } from './onDemandClaims';

export interface PodVolumes {
  name: string;
  role: 'driver' | 'executor';
  executorId: number | null;
  volumes: readonly PodVolume[];
}

export interface ClaimNamePattern {
  field: 'claimName';
  /** The claim name with `{id}` for the executor id, e.g. "<prefix>-exec-{id}-pvc-0". */
  pattern: string;
  /** What Spark substitutes to produce it: OnDemand, or SPARK_EXECUTOR_ID in a claimName template. */
  substitution: 'OnDemand' | 'SPARK_EXECUTOR_ID';
  prefix?: string;
  volumeIndex?: number;
  /** Executors mounting a claim made for another executor id: Spark reused the claim. */
  reused: { pod: string; claimName: string }[];
}

export interface VolumeGroup {
  key: string;
  /** The volume's name; the API's token volumes (random suffix) are grouped as kube-api-access-*. */
  name: string;
  kind: VolumeKind;
  origin: VolumeOrigin;
  role: 'driver' | 'executor';
  /** The source of the first pod in the group. */
  source: VolumeSource;
  sparkLocalDir: boolean;
  declared: boolean;
  variesPerExecutor: false | ClaimNamePattern;
  distinctSources: number;
  podCount: number;
  /** Deduplicated by container, mount path, read-only and sub-path. */
  mounts: VolumeMountUse[];
  /** Pod names, at most `podListCap` of them. */
  pods: string[];
  /** Pods in the group beyond the capped list. */
  podsOmitted: number;
}

export interface GroupOptions {
  /** How many pod names each group lists; default 20. */
  podListCap?: number;
}

interface Member {
  pod: PodVolumes;
  volume: PodVolume;
}

const API_ACCESS_NAME = 'kube-api-access-*';

function groupName(v: PodVolume): string {
  return v.origin === 'kube-api-access' ? API_ACCESS_NAME : v.name;
}

function claimNameOf(source: VolumeSource): string | null {
  return source.kind === 'persistentVolumeClaim' ? source.claimName : null;
}

function withClaimName(source: VolumeSource, claimName: string): VolumeSource {
  return source.kind === 'persistentVolumeClaim' ? { ...source, claimName } : source;
}

/**
 * The claim name as a per-executor pattern: OnDemand's name (any executor id, so a reused
 * claim still matches), else every occurrence of the pod's own id that stands alone as a
 * number (SPARK_EXECUTOR_ID substitution). Null when the name does not depend on the id.
 */
function perExecutorPattern(claimName: string, executorId: number | null): { pattern: string; substitution: ClaimNamePattern['substitution']; prefix?: string; volumeIndex?: number } | null {
  const parsed = parseOnDemandClaimName(claimName);
  if (parsed?.role === 'executor') {
    return { pattern: `${parsed.prefix}-exec-{id}-pvc-${parsed.volumeIndex}`, substitution: 'OnDemand', prefix: parsed.prefix, volumeIndex: parsed.volumeIndex };
  }
  if (executorId === null) return null;
  const pattern = replaceExecutorId(claimName, executorId, '{id}');
  return pattern === null ? null : { pattern, substitution: 'SPARK_EXECUTOR_ID' };
}

function bucketKey(role: string, v: PodVolume): string {
  const source = v.source.kind === 'persistentVolumeClaim' ? { ...v.source, claimName: '' } : v.source;
  return JSON.stringify([role, groupName(v), v.kind, v.origin, v.declared, source]);
}

/** Splits one bucket (same everything but the claim name) into groups. */
function splitByClaim(members: Member[]): { members: Member[]; pattern: ClaimNamePattern | null }[] {
  const names = new Set(members.map((m) => claimNameOf(m.volume.source)));
  const podCount = new Set(members.map((m) => m.pod.name)).size;
  // One claim shared by several executors is a static claim, whatever its name looks like;
  // a single executor's claim may still follow the per-executor pattern.
  if (names.size <= 1 && (podCount > 1 || names.has(null))) return [{ members, pattern: null }];
  const clusters = new Map<string, { members: Member[]; pattern: ClaimNamePattern | null }>();
  for (const m of members) {
    const claimName = claimNameOf(m.volume.source) ?? '';
    const found = m.pod.role === 'executor' ? perExecutorPattern(claimName, m.pod.executorId) : null;
    const clusterKey = found ? `${found.substitution}:${found.pattern}` : `exact:${claimName}`;
    let cluster = clusters.get(clusterKey);
    if (cluster === undefined) {
      const pattern: ClaimNamePattern | null = found ? { field: 'claimName', ...found, reused: [] } : null;
      cluster = { members: [], pattern };
      clusters.set(clusterKey, cluster);
    }
    cluster.members.push(m);
    if (found?.substitution === 'OnDemand' && cluster.pattern) {
      const own = parseOnDemandClaimName(claimName)?.executorId;
      if (m.pod.executorId !== null && own !== m.pod.executorId) cluster.pattern.reused.push({ pod: m.pod.name, claimName });
    }
  }
  // A claim-name template guessed from one executor alone is a guess: keep it exact.
  return [...clusters.values()].map((c) => (c.pattern?.substitution === 'SPARK_EXECUTOR_ID' && new Set(c.members.map((m) => m.pod.name)).size < 2 ? { ...c, pattern: null } : c));
}

function dedupeMounts(members: Member[]): VolumeMountUse[] {
  const seen = new Map<string, VolumeMountUse>();
  for (const { volume } of members) {
    for (const m of volume.mounts) {
      const key = JSON.stringify([m.container, m.mountPath, m.readOnly, m.subPath ?? '', m.subPathExpr ?? '']);
      if (!seen.has(key)) seen.set(key, m);
    }
  }
  return [...seen.values()];
}

function toGroup(members: Member[], pattern: ClaimNamePattern | null, cap: number): VolumeGroup {
  const first = members[0];
  const pods = [...new Set(members.map((m) => m.pod.name))];
  const sources = new Set(members.map((m) => JSON.stringify(m.volume.source)));
  const keySource = pattern ? withClaimName(first.volume.source, pattern.pattern) : first.volume.source;
  return {
    key: `${first.pod.role}/${groupName(first.volume)}/${first.volume.kind}/${JSON.stringify(keySource)}`,
    name: groupName(first.volume),
    kind: first.volume.kind,
    origin: first.volume.origin,
    role: first.pod.role,
    source: first.volume.source,
    sparkLocalDir: first.volume.sparkLocalDir,
    declared: first.volume.declared,
    variesPerExecutor: pattern ?? false,
    distinctSources: sources.size,
    podCount: pods.length,
    mounts: dedupeMounts(members),
    pods: pods.slice(0, cap),
    podsOmitted: Math.max(0, pods.length - cap),
  };
}

/** The application's volumes, grouped; groups in order of first appearance, driver pods first. */
export function groupVolumes(pods: readonly PodVolumes[], options: GroupOptions = {}): VolumeGroup[] {
  const cap = options.podListCap ?? 20;
  const ordered = [...pods.filter((p) => p.role === 'driver'), ...pods.filter((p) => p.role === 'executor')];
  const buckets = new Map<string, Member[]>();
  for (const pod of ordered) {
    for (const volume of pod.volumes) {
      const key = bucketKey(pod.role, volume);
      const bucket = buckets.get(key);
      if (bucket) bucket.push({ pod, volume });
      else buckets.set(key, [{ pod, volume }]);
    }
  }
  const groups: VolumeGroup[] = [];
  for (const members of buckets.values()) {
    for (const cluster of splitByClaim(members)) groups.push(toGroup(cluster.members, cluster.pattern, cap));
  }
  return groups;
}
