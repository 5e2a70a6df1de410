// The volume extractor: every volume of a pod spec with its typed source, who put it there
// (Spark's own volumes from spark-k8s-reference section g, the token volume the API adds,
// or the user's), and every container mount of it. Mounts naming no volume (dangling) come
// back as undeclared volumes; declared volumes nobody mounts have an empty mount list.

import type { KubePod, KubeVolume, KubeVolumeMount } from '../kube/types';
import { podContainers, type ContainerRole } from './containerRoles';

export type { ContainerRole } from './containerRoles';

export type VolumeKind = 'persistentVolumeClaim' | 'nfs' | 'hostPath' | 'emptyDir' | 'configMap' | 'secret' | 'projected' | 'other';

export type VolumeSource =
  | { kind: 'persistentVolumeClaim'; claimName: string; readOnly: boolean }
  /** readOnly of the NFS source itself; Spark never sets it (only the mount's). */
  | { kind: 'nfs'; server: string; path: string; readOnly: boolean }
  /** type '' means no check before mounting (the API's default). */
  | { kind: 'hostPath'; path: string; type: string }
  /** medium '' is the node's disk, 'Memory' a tmpfs. */
  | { kind: 'emptyDir'; medium: string; sizeLimit?: string }
  | { kind: 'configMap'; name: string; optional: boolean }
  | { kind: 'secret'; secretName: string; optional: boolean }
  /** One entry per projection: 'serviceAccountToken', 'configMap:<name>', 'secret:<name>', 'downwardAPI'. */
  | { kind: 'projected'; sources: string[] }
  /** Any other volume type (csi, ephemeral, …) by its field name; null for an undeclared volume. */
  | { kind: 'other'; type: string | null };

export type VolumeOrigin =
  | 'spark-local-dir' | 'spark-conf' | 'spark-pod-template' | 'spark-secret' | 'spark-hadoop' | 'spark-kerberos'
  | 'kube-api-access' | 'user';

export interface VolumeMountUse {
  container: string;
  containerRole: ContainerRole;
  mountPath: string;
  subPath?: string;
  subPathExpr?: string;
  readOnly: boolean;
}

export interface PodVolume {
  name: string;
  kind: VolumeKind;
  source: VolumeSource;
  origin: VolumeOrigin;
  /**
   * The name starts with spark-local-dir-, so Spark uses its mount paths as local dirs
   * (LocalDirsFeatureStep), whether Spark created it or the user configured it.
   */
  sparkLocalDir: boolean;
  /** False for a name that containers mount but spec.volumes does not declare (dangling). */
  declared: boolean;
  /** Empty for a declared volume that no container mounts. */
  mounts: VolumeMountUse[];
}

export interface ExtractOptions {
  /** The Spark container's name: podTemplateContainerName, else the default for the role. */
  sparkContainerName: string;
}

const SPARK_LOCAL_DIR_PREFIX = 'spark-local-dir-';
const SOURCE_FIELDS = ['persistentVolumeClaim', 'nfs', 'hostPath', 'emptyDir', 'configMap', 'secret', 'projected'] as const;

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function record(v: unknown): Record<string, unknown> | null {
  return v != null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function projections(projected: Record<string, unknown>): string[] {
  const list = Array.isArray(projected.sources) ? projected.sources : [];
  return list.flatMap((entry): string[] => {
    const e = record(entry);
    if (e === null) return [];
    return Object.keys(e).map((k) => {
      const inner = record(e[k]);
      const name = inner && typeof inner.name === 'string' ? inner.name : null;
      return name !== null && (k === 'configMap' || k === 'secret') ? `${k}:${name}` : k;
    });
  });
}

/** The volume's typed source; the first source field present wins, as the API allows one. */
export function volumeSourceOf(v: KubeVolume): VolumeSource {
  const field = SOURCE_FIELDS.find((f) => record(v[f]) !== null);
  const s = field === undefined ? {} : record(v[field])!;
  switch (field) {
    case 'persistentVolumeClaim': return { kind: field, claimName: text(s.claimName), readOnly: s.readOnly === true };
    case 'nfs': return { kind: field, server: text(s.server), path: text(s.path), readOnly: s.readOnly === true };
    case 'hostPath': return { kind: field, path: text(s.path), type: text(s.type) };
    case 'emptyDir': {
      const sizeLimit = text(s.sizeLimit);
      return sizeLimit === '' ? { kind: field, medium: text(s.medium) } : { kind: field, medium: text(s.medium), sizeLimit };
    }
    case 'configMap': return { kind: field, name: text(s.name), optional: s.optional === true };
    case 'secret': return { kind: field, secretName: text(s.secretName), optional: s.optional === true };
    case 'projected': return { kind: field, sources: projections(s) };
    case undefined: {
      const other = Object.keys(v).find((k) => k !== 'name' && record(v[k]) !== null);
      return { kind: 'other', type: other ?? null };
    }
  }
}

/**
 * Spark's own volumes by name and type (Constants, LocalDirsFeatureStep, MountSecretsFeatureStep,
 * HadoopConf/Kerberos steps, DriverKubernetesCredentialsFeatureStep), the API server's token
 * volume, else the user's (from spark.kubernetes.*.volumes.* or a pod template).
 */
export function volumeOriginOf(name: string, source: VolumeSource): VolumeOrigin {
  switch (source.kind) {
    case 'emptyDir':
      // Spark's local dirs never carry a sizeLimit; one that does was configured by the user.
      return /^spark-local-dir-[0-9]+$/.test(name) && source.sizeLimit === undefined ? 'spark-local-dir' : 'user';
    case 'configMap':
      if (name === 'spark-conf-volume-exec' || name === 'spark-conf-volume-driver') return 'spark-conf';
      if (name === 'pod-template-volume') return 'spark-pod-template';
      if (name === 'hadoop-properties') return 'spark-hadoop';
      if (name === 'krb5-file') return 'spark-kerberos';
      return 'user';
    case 'secret':
      if (name === 'kerberos-keytab' || name === 'hadoop-secret') return 'spark-kerberos';
      if (name === 'kubernetes-credentials') return 'spark-secret';
      // spark.kubernetes.{driver,executor}.secrets.<secret>=<path> mounts `<secret>-volume`.
      return source.secretName !== '' && name === `${source.secretName}-volume` ? 'spark-secret' : 'user';
    case 'projected':
      // The ServiceAccount admission plugin's token volume (kube-api-access-<5 chars>).
      return name.startsWith('kube-api-access-') ? 'kube-api-access' : 'user';
    default:
      return 'user';
  }
}

export function isSparkOwnVolume(v: Pick<PodVolume, 'origin'>): boolean {
  return v.origin !== 'user' && v.origin !== 'kube-api-access';
}

function mountUse(m: KubeVolumeMount, container: string, containerRole: ContainerRole): VolumeMountUse {
  const use: VolumeMountUse = { container, containerRole, mountPath: text(m.mountPath), readOnly: m.readOnly === true };
  if (text(m.subPath) !== '') use.subPath = m.subPath;
  if (text(m.subPathExpr) !== '') use.subPathExpr = m.subPathExpr;
  return use;
}

/** Every volume of the pod with its source, origin and mounts, in spec order, dangling ones last. */
export function extractPodVolumes(pod: KubePod, options: ExtractOptions): PodVolume[] {
  const byName = new Map<string, PodVolume>();
  const volumes: PodVolume[] = [];
  const declared = Array.isArray(pod.spec?.volumes) ? pod.spec.volumes : [];
  for (const v of declared) {
    if (record(v) === null || typeof v.name !== 'string' || byName.has(v.name)) continue;
    const source = volumeSourceOf(v);
    const pv: PodVolume = {
      name: v.name, kind: source.kind, source, origin: volumeOriginOf(v.name, source),
      sparkLocalDir: v.name.startsWith(SPARK_LOCAL_DIR_PREFIX), declared: true, mounts: [],
    };
    byName.set(v.name, pv);
    volumes.push(pv);
  }
  const dangling: PodVolume[] = [];
  for (const { container, role } of podContainers(pod, options.sparkContainerName)) {
    const mounts = Array.isArray(container.volumeMounts) ? container.volumeMounts : [];
    for (const m of mounts) {
      if (record(m) === null || typeof m.name !== 'string') continue;
      let pv = byName.get(m.name);
      if (pv === undefined) {
        pv = {
          name: m.name, kind: 'other', source: { kind: 'other', type: null }, origin: 'user',
          sparkLocalDir: m.name.startsWith(SPARK_LOCAL_DIR_PREFIX), declared: false, mounts: [],
        };
        byName.set(m.name, pv);
        dangling.push(pv);
      }
      pv.mounts.push(mountUse(m, container.name, role));
    }
  }
  return [...volumes, ...dangling];
}

/** Mounts that name a volume the pod does not declare. */
export function danglingVolumes(volumes: readonly PodVolume[]): PodVolume[] {
  return volumes.filter((v) => !v.declared);
}

/** Declared volumes no container mounts. */
export function unmountedVolumes(volumes: readonly PodVolume[]): PodVolume[] {
  return volumes.filter((v) => v.declared && v.mounts.length === 0);
}

/** Whether some container can write through this mount (a PVC source marked readOnly wins). */
export function isWritableMount(volume: Pick<PodVolume, 'source'>, mount: VolumeMountUse): boolean {
  if (mount.readOnly) return false;
  if ((volume.source.kind === 'persistentVolumeClaim' || volume.source.kind === 'nfs') && volume.source.readOnly) return false;
  return true;
}
