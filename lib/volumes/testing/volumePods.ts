// Spark pods and claims with the volumes teams really configure, for the volume and pod
// template tests: on-demand claims as local dirs, NFS datasets, writable hostPath scratch,
// tmpfs local dirs, log-shipper and native sidecars, the renamed-container trap. They extend
// lib/spark/testing's fixtures (fixed times, no clock) the way the simulator builds pods.

import type { KubeContainer, KubePersistentVolumeClaim, KubePod, KubeVolume, KubeVolumeMount } from '../../kube/types';
import { FIXTURE_APP_ID, FIXTURE_NAMESPACE, fixtureTime, fixtureUid, pendingExecutor, runningExecutor } from '../../spark/testing/podFixtures';
import { DEFAULT_EXECUTOR_CONTAINER_NAME } from '../../spark/podState';
import { onDemandClaimName } from '../onDemandClaims';
import { logShipper, otelCollector } from '../../podTemplate/commonSidecars';

// JSON round trip: fixtures are plain JSON, and lib/ avoids host globals such as structuredClone.
export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** sanitizeResourceNamePrefix('Nightly ETL', FIXTURE_UNIQUE_ID): the prefix of every fixture name. */
export const PREFIX = 'nightly-etl-3fa2c19b76daa800';
export const DRIVER_NAME = `${PREFIX}-driver`;
export const DRIVER_UID = fixtureUid(`${FIXTURE_APP_ID}/driver`);
export const APP_ID = FIXTURE_APP_ID;
export const NAMESPACE = FIXTURE_NAMESPACE;
export const EXEC = DEFAULT_EXECUTOR_CONTAINER_NAME;
export const NFS_SERVER = 'fs-0a1b2c3d4e5f67890.efs.us-east-1.amazonaws.com';

export function claimNameFor(execId: number, index = 0): string {
  return onDemandClaimName(PREFIX, 'executor', index, execId);
}

/** The projected token volume and mount the ServiceAccount admission plugin adds. */
export function kubeApiAccess(suffix = 'x7k2p'): { volume: KubeVolume; mount: KubeVolumeMount } {
  return {
    volume: {
      name: `kube-api-access-${suffix}`,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    },
    mount: { name: `kube-api-access-${suffix}`, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
  };
}

export interface VolumeEdit {
  /** Volumes added to spec.volumes (after Spark's conf volume, as MountVolumesFeatureStep adds them). */
  volumes?: KubeVolume[];
  /** Mounts added to the Spark container. */
  mounts?: KubeVolumeMount[];
  /** Replace Spark's default spark-local-dir-1 (a user volume of that name takes over). */
  replaceLocalDir?: boolean;
  /** Containers put in front of Spark's (template sidecars). */
  sidecars?: KubeContainer[];
  initContainers?: KubeContainer[];
  /** Rename the Spark container (a template naming it). */
  sparkContainerName?: string;
  /** Add the admission plugin's token volume to every container. */
  apiAccess?: boolean;
}

/** A copy of `pod` edited the way MountVolumesFeatureStep, LocalDirsFeatureStep and a template would. */
export function editPod(pod: KubePod, edit: VolumeEdit): KubePod {
  const out = clone(pod);
  const spec = out.spec!;
  const spark = spec.containers![spec.containers!.length - 1];
  let volumes = spec.volumes ?? [];
  let mounts = spark.volumeMounts ?? [];
  if (edit.replaceLocalDir) {
    volumes = volumes.filter((v) => v.name !== 'spark-local-dir-1');
    mounts = mounts.filter((m) => m.name !== 'spark-local-dir-1');
  }
  spec.volumes = [...volumes, ...(edit.volumes ?? [])];
  spark.volumeMounts = [...mounts, ...(edit.mounts ?? [])];
  if (edit.sparkContainerName) {
    spark.name = edit.sparkContainerName;
    for (const s of out.status?.containerStatuses ?? []) if (s.name === DEFAULT_EXECUTOR_CONTAINER_NAME) s.name = edit.sparkContainerName;
  }
  if (edit.sidecars) spec.containers = [...edit.sidecars.map((c) => clone(c)), ...spec.containers!.filter((c) => c !== spark), spark];
  if (edit.initContainers) spec.initContainers = edit.initContainers.map((c) => clone(c));
  if (edit.apiAccess) {
    const { volume, mount } = kubeApiAccess();
    spec.volumes.push(volume);
    for (const c of [...(spec.initContainers ?? []), ...spec.containers!]) c.volumeMounts = [...(c.volumeMounts ?? []), { ...mount }];
  }
  return out;
}

type Phase = 'Running' | 'Pending';
const base = (id: number, phase: Phase) => (phase === 'Running' ? runningExecutor(id) : pendingExecutor(id));

/** spark-local-dir-1 backed by an on-demand claim (volumes.persistentVolumeClaim.spark-local-dir-1, claimName=OnDemand). */
export function onDemandExecutor(id: number, phase: Phase = 'Running', claimName = claimNameFor(id)): KubePod {
  return editPod(base(id, phase), {
    replaceLocalDir: true,
    volumes: [{ name: 'spark-local-dir-1', persistentVolumeClaim: { claimName, readOnly: false } }],
    mounts: [{ name: 'spark-local-dir-1', mountPath: '/data/spark-local', readOnly: false }],
    apiAccess: true,
  });
}

/** A read-only NFS dataset, with an OpenTelemetry collector as a native sidecar. */
export function nfsExecutor(id: number): KubePod {
  return editPod(runningExecutor(id), {
    volumes: [
      { name: 'otel-config', configMap: { name: 'otel-collector-spark' } },
      { name: 'datasets', nfs: { server: NFS_SERVER, path: '/exports/ml-datasets' } },
    ],
    mounts: [{ name: 'datasets', mountPath: '/mnt/datasets', readOnly: true }],
    initContainers: [otelCollector()],
    apiAccess: true,
  });
}

/** Scratch space on the node's NVMe disk (hostPath), read-write unless told otherwise. */
export function hostPathExecutor(id: number, readOnly = false, path = '/mnt/nvme0/spark-scratch'): KubePod {
  return editPod(runningExecutor(id), {
    volumes: [{ name: 'node-scratch', hostPath: { path, type: '' } }],
    mounts: [{ name: 'node-scratch', mountPath: '/scratch', readOnly }],
  });
}

/** Local dir on tmpfs with a size limit (volumes.emptyDir.spark-local-dir-1 with medium Memory). */
export function tmpfsExecutor(id: number): KubePod {
  return editPod(runningExecutor(id), {
    replaceLocalDir: true,
    volumes: [{ name: 'spark-local-dir-1', emptyDir: { medium: 'Memory', sizeLimit: '16Gi' } }],
    mounts: [{ name: 'spark-local-dir-1', mountPath: '/tmp/spark-local', readOnly: false }],
  });
}

/** A pod template with a log shipper reading the executor's log directory. */
export function logShipperExecutor(id: number, sparkContainerName?: string): KubePod {
  return editPod(runningExecutor(id), {
    volumes: [{ name: 'spark-logs', emptyDir: {} }, { name: 'fluent-bit-config', configMap: { name: 'fluent-bit-spark' } }],
    mounts: [{ name: 'spark-logs', mountPath: '/opt/spark/logs' }],
    sidecars: [logShipper()],
    sparkContainerName,
    apiAccess: true,
  });
}

export interface ClaimFixture {
  execId?: number;
  /** For a driver claim. */
  driver?: boolean;
  index?: number;
  name?: string;
  phase?: 'Pending' | 'Bound' | 'Lost';
  owner?: 'driver' | 'executor' | 'none';
  storageClass?: string;
  size?: string;
  /** Created this many ms after the fixture base time. */
  createdAt?: number;
  appLabel?: boolean;
  deleting?: boolean;
}

/** An on-demand claim as Spark creates it and the PV controller binds it. */
export function onDemandClaim(f: ClaimFixture = {}): KubePersistentVolumeClaim {
  const { execId = 1, index = 0, phase = 'Bound', owner = 'driver', storageClass = 'gp3', size = '100Gi', createdAt = 21_000 + execId * 1000 } = f;
  const name = f.name ?? (f.driver ? onDemandClaimName(PREFIX, 'driver', index) : claimNameFor(execId, index));
  const ownerRef = owner === 'driver' ? { apiVersion: 'v1', kind: 'Pod', name: DRIVER_NAME, uid: DRIVER_UID, controller: true }
    : { apiVersion: 'v1', kind: 'Pod', name: `${PREFIX}-exec-${execId}`, uid: fixtureUid(`${APP_ID}/exec/${execId}`), controller: true };
  const uid = fixtureUid(`claim/${name}`);
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name, namespace: NAMESPACE, uid, creationTimestamp: fixtureTime(createdAt),
      ...(f.deleting ? { deletionTimestamp: fixtureTime(createdAt + 600_000), finalizers: ['kubernetes.io/pvc-protection'] } : {}),
      labels: f.appLabel === false ? {} : { 'spark-app-selector': APP_ID },
      ...(owner === 'none' ? {} : { ownerReferences: [ownerRef] }),
    },
    spec: {
      accessModes: ['ReadWriteOncePod'], storageClassName: storageClass, resources: { requests: { storage: size } }, volumeMode: 'Filesystem',
      ...(phase === 'Bound' ? { volumeName: `pvc-${uid}` } : {}),
    },
    status: phase === 'Bound' ? { phase, accessModes: ['ReadWriteOncePod'], capacity: { storage: size } } : { phase },
  };
}
