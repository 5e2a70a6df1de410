// Pods and claims exactly as Spark builds them (BasicDriverFeatureStep, BasicExecutorFeatureStep,
// MountVolumesFeatureStep, LocalDirsFeatureStep, ExecutorPodsAllocator): names, labels, owner
// references, containers, env, ports, resources, volumes, with the pod template's containers
// kept in front of Spark's. See spark-k8s-reference.md sections g, h and i.

import type { KubeContainer, KubeEnvVar, KubeObjectMeta, KubePersistentVolumeClaim, KubePod, KubeVolume, KubeVolumeMount } from '../../lib/kube/types';
import {
  sanitizeAppNameLabel, sanitizeResourceNamePrefix, SPARK_APP_ID_LABEL, SPARK_APP_NAME_LABEL, SPARK_EXECUTOR_ID_LABEL,
  SPARK_RESOURCE_PROFILE_ID_LABEL, SPARK_ROLE_LABEL, SPARK_VERSION_LABEL,
} from '../../lib/spark/labels';
import { DEFAULT_DRIVER_CONTAINER_NAME, DEFAULT_EXECUTOR_CONTAINER_NAME } from '../../lib/spark/podState';
import { overheadMiB, type AppPlan, type ExecutorVolume } from './appPlan';
import type { Prng } from './prng';
import { onDemandClaimName as sparkOnDemandClaimName } from '../../lib/volumes/onDemandClaims';

const SPARK_CONF_DIR = '/opt/spark/conf';
export const DRIVER_PORT = 7078;
export const BLOCK_MANAGER_PORT = 7079;
export const UI_PORT = 4040;

export interface AppIdentity {
  /** spark-<32 hex>, the value of spark-app-selector. */
  appId: string;
  appNameLabel: string;
  /** 6 random hex characters, then the low 40 bits of the submission time in hex. */
  uniqueId: string;
  /** The resource-name prefix, `<appName>-<uniqueId>` made DNS-safe. */
  prefix: string;
  driverPodName: string;
  driverServiceName: string;
  /** Labels a submitter adds to every pod (spark.kubernetes.{driver,executor}.label.*), e.g. the Kubeflow operator's. */
  podLabels?: Record<string, string>;
}

export function newAppIdentity(plan: AppPlan, rng: Prng, submittedAtMs: number): AppIdentity {
  const uniqueId = rng.hex(6) + (submittedAtMs % 2 ** 40).toString(16);
  const prefix = sanitizeResourceNamePrefix(plan.appName, uniqueId);
  const svc = `${prefix}-driver-svc`;
  return {
    appId: `spark-${rng.hex(32)}`,
    appNameLabel: sanitizeAppNameLabel(plan.appName),
    uniqueId,
    prefix,
    driverPodName: `${prefix}-driver`,
    driverServiceName: svc.length > 63 ? `spark-${uniqueId}-driver-svc` : svc,
  };
}

export function executorPodName(id: AppIdentity, execId: number): string {
  return `${id.prefix}-exec-${execId}`;
}

/** The container name Spark's snapshot looks for: podTemplateContainerName, else the default. */
export function sparkExecutorContainerName(plan: AppPlan): string {
  return plan.template?.containerNameConfigured && plan.template.executorContainerName ? plan.template.executorContainerName : DEFAULT_EXECUTOR_CONTAINER_NAME;
}

/** The name the executor container really has (a template's name is kept). */
export function actualExecutorContainerName(plan: AppPlan): string {
  return plan.template?.executorContainerName ?? DEFAULT_EXECUTOR_CONTAINER_NAME;
}

function memoryQuantity(memoryMiB: number, explicitOverhead?: number): string {
  return `${memoryMiB + overheadMiB(memoryMiB, explicitOverhead)}Mi`;
}

function env(name: string, value: string): KubeEnvVar {
  return { name, value };
}

function fieldRef(name: string, fieldPath: string): KubeEnvVar {
  return { name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } };
}

/** The labels Spark puts on every pod of an application (and selects its driver service by). */
export function baseLabels(plan: AppPlan, id: AppIdentity, role: 'driver' | 'executor'): Record<string, string> {
  return { ...id.podLabels, [SPARK_APP_NAME_LABEL]: id.appNameLabel, [SPARK_APP_ID_LABEL]: id.appId, [SPARK_ROLE_LABEL]: role, [SPARK_VERSION_LABEL]: plan.sparkVersion };
}

/** Ownership as Spark writes it: a controller reference to the driver pod. */
export function driverOwnerReference(driverName: string, driverUid: string): NonNullable<KubeObjectMeta['ownerReferences']>[number] {
  return { apiVersion: 'v1', kind: 'Pod', name: driverName, uid: driverUid, controller: true };
}

function localDir(rng: Prng): string {
  const h = rng.hex(32);
  return `/var/data/spark-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function buildDriverPod(plan: AppPlan, id: AppIdentity, rng: Prng): KubePod {
  const dir = localDir(rng);
  const mounts: KubeVolumeMount[] = [];
  const volumes: KubeVolume[] = [];
  if (plan.template) {
    volumes.push({ name: 'pod-template-volume', configMap: { name: `${id.prefix}-driver-podspec-conf-map`, items: [{ key: 'pod-spec-template.yml', path: 'pod-spec-template.yml' }] } });
    mounts.push({ name: 'pod-template-volume', mountPath: '/opt/spark/pod-template' });
  }
  volumes.push({ name: 'spark-local-dir-1', emptyDir: {} });
  mounts.push({ name: 'spark-local-dir-1', mountPath: dir });
  volumes.push({ name: 'spark-conf-volume-driver', configMap: { name: `spark-drv-${id.uniqueId}-conf-map`, items: [{ key: 'spark.properties', path: 'spark.properties', mode: 420 } as { key: string; path: string }], defaultMode: 420 } });
  mounts.push({ name: 'spark-conf-volume-driver', mountPath: SPARK_CONF_DIR });
  const memory = memoryQuantity(plan.driver.memoryMiB);
  const container: KubeContainer = {
    name: DEFAULT_DRIVER_CONTAINER_NAME,
    image: plan.image,
    imagePullPolicy: 'IfNotPresent',
    args: ['driver', '--properties-file', `${SPARK_CONF_DIR}/spark.properties`, '--class', plan.mainClass, plan.appResource, ...plan.appArgs],
    env: [
      env('SPARK_USER', 'spark'),
      env('SPARK_APPLICATION_ID', id.appId),
      fieldRef('SPARK_DRIVER_BIND_ADDRESS', 'status.podIP'),
      env('SPARK_LOCAL_DIRS', dir),
      env('SPARK_CONF_DIR', SPARK_CONF_DIR),
    ],
    ports: [
      { name: 'driver-rpc-port', containerPort: DRIVER_PORT, protocol: 'TCP' },
      { name: 'blockmanager', containerPort: BLOCK_MANAGER_PORT, protocol: 'TCP' },
      { name: 'spark-ui', containerPort: UI_PORT, protocol: 'TCP' },
    ],
    resources: { limits: { memory }, requests: { cpu: String(plan.driver.cores), memory } },
    volumeMounts: mounts,
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: id.driverPodName, namespace: plan.namespace, labels: baseLabels(plan, id, 'driver') },
    spec: {
      containers: [container],
      restartPolicy: 'Never',
      serviceAccountName: plan.serviceAccount,
      terminationGracePeriodSeconds: 30,
      volumes,
    },
  };
}

/** The claim name Spark substitutes for `OnDemand` in an executor's volume. */
export function onDemandClaimName(id: AppIdentity, execId: number, volumeIndex: number): string {
  return sparkOnDemandClaimName(id.prefix, 'executor', volumeIndex, execId);
}

function userVolume(v: ExecutorVolume, claimName: string): KubeVolume {
  switch (v.type) {
    case 'hostPath':
      return { name: v.name, hostPath: { path: v.options.path ?? '', type: v.options.type ?? '' } };
    case 'emptyDir': {
      const emptyDir: { medium?: string; sizeLimit?: string } = { medium: v.options.medium ?? '' };
      if (v.options.sizeLimit) emptyDir.sizeLimit = v.options.sizeLimit;
      return { name: v.name, emptyDir };
    }
    case 'nfs':
      return { name: v.name, nfs: { server: v.options.server ?? '', path: v.options.path ?? '' } };
    case 'persistentVolumeClaim':
      return { name: v.name, persistentVolumeClaim: { claimName, readOnly: v.readOnly ?? false } };
  }
}

export interface ExecutorPodInput {
  execId: number;
  /** Label value: the id, or EXECID for a pod whose id is patched in later. */
  execIdLabel: string;
  driverUid: string;
}

export function buildExecutorPod(plan: AppPlan, id: AppIdentity, input: ExecutorPodInput, rng: Prng): KubePod {
  const name = executorPodName(id, input.execId);
  const t = plan.template;
  const volumes: KubeVolume[] = [...(t?.volumes ?? []).map((v) => structuredClone(v))];
  const mounts: KubeVolumeMount[] = [...(t?.executorMounts ?? []).map((m) => ({ ...m }))];
  volumes.push({ name: 'spark-conf-volume-exec', configMap: { name: `spark-exec-${id.uniqueId}-conf-map` } });
  mounts.push({ name: 'spark-conf-volume-exec', mountPath: SPARK_CONF_DIR });
  plan.volumes.forEach((v, index) => {
    const claimName = v.options.claimName === 'OnDemand' ? onDemandClaimName(id, input.execId, index) : (v.options.claimName ?? '').replace(/SPARK_EXECUTOR_ID/g, String(input.execId));
    volumes.push(userVolume(v, claimName));
    const m: KubeVolumeMount = { name: v.name, mountPath: v.mountPath, readOnly: v.readOnly ?? false };
    mounts.push(m);
  });
  // LocalDirsFeatureStep: user volumes named spark-local-dir-* replace the default one.
  const userLocal = plan.volumes.filter((v) => v.name.startsWith('spark-local-dir-')).map((v) => v.mountPath);
  const localDirs = userLocal.length > 0 ? userLocal.join(',') : localDir(rng);
  if (userLocal.length === 0) {
    volumes.push({ name: 'spark-local-dir-1', emptyDir: {} });
    mounts.push({ name: 'spark-local-dir-1', mountPath: localDirs });
  }
  const memory = memoryQuantity(plan.executor.memoryMiB, plan.executor.overheadMiB);
  const limits: Record<string, string> = { memory };
  if (plan.executor.limitCores) limits.cpu = plan.executor.limitCores;
  const execIdEnv = input.execIdLabel;
  const javaOpts = ['-Djava.net.preferIPv6Addresses=false', '-XX:+IgnoreUnrecognizedVMOptions', '--add-opens=java.base/java.lang=ALL-UNNAMED', `-Dspark.driver.port=${DRIVER_PORT}`, `-Dspark.driver.blockManager.port=${BLOCK_MANAGER_PORT}`];
  const container: KubeContainer = {
    name: actualExecutorContainerName(plan),
    image: plan.image,
    imagePullPolicy: 'IfNotPresent',
    args: ['executor'],
    env: [
      env('SPARK_USER', 'spark'),
      env('SPARK_DRIVER_URL', `spark://CoarseGrainedScheduler@${id.driverServiceName}.${plan.namespace}.svc:${DRIVER_PORT}`),
      env('SPARK_EXECUTOR_CORES', String(plan.executor.cores)),
      env('SPARK_EXECUTOR_MEMORY', `${plan.executor.memoryMiB}m`),
      env('SPARK_APPLICATION_ID', id.appId),
      env('SPARK_CONF_DIR', SPARK_CONF_DIR),
      env('SPARK_EXECUTOR_ID', execIdEnv),
      env('SPARK_RESOURCE_PROFILE_ID', '0'),
      ...javaOpts.map((o, i) => env(`SPARK_JAVA_OPT_${i}`, o)),
      fieldRef('SPARK_EXECUTOR_POD_IP', 'status.podIP'),
      fieldRef('SPARK_EXECUTOR_POD_NAME', 'metadata.name'),
      env('SPARK_LOCAL_DIRS', localDirs),
    ],
    ports: [{ name: 'blockmanager', containerPort: BLOCK_MANAGER_PORT, protocol: 'TCP' }],
    resources: { limits, requests: { cpu: String(plan.executor.cores), memory } },
    volumeMounts: mounts,
  };
  const hostname = name.slice(Math.max(0, name.length - 63)).replace(/^[^\w]+/, '').replace(/[^\w-]+/g, '_');
  const spec: KubePod['spec'] = {
    containers: [...(t?.sidecars ?? []).map((c) => structuredClone(c)), container],
    hostname,
    restartPolicy: 'Never',
    serviceAccountName: plan.serviceAccount,
    terminationGracePeriodSeconds: 30,
    volumes,
  };
  if (t?.initContainers.length) spec.initContainers = t.initContainers.map((c) => structuredClone(c));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: plan.namespace,
      labels: { ...baseLabels(plan, id, 'executor'), [SPARK_EXECUTOR_ID_LABEL]: input.execIdLabel, [SPARK_RESOURCE_PROFILE_ID_LABEL]: '0' },
      ownerReferences: [driverOwnerReference(id.driverPodName, input.driverUid)],
    },
    spec,
  };
}

/** The claims Spark creates for an executor: one per OnDemand volume with storageClass and sizeLimit. */
export function buildExecutorClaims(plan: AppPlan, id: AppIdentity, execId: number, driverUid: string): KubePersistentVolumeClaim[] {
  const claims: KubePersistentVolumeClaim[] = [];
  plan.volumes.forEach((v, index) => {
    if (v.type !== 'persistentVolumeClaim' || v.options.claimName !== 'OnDemand' || !v.options.storageClass || !v.options.sizeLimit) return;
    claims.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: onDemandClaimName(id, execId, index),
        namespace: plan.namespace,
        labels: { [SPARK_APP_ID_LABEL]: id.appId },
        ownerReferences: [driverOwnerReference(id.driverPodName, driverUid)],
      },
      spec: { accessModes: ['ReadWriteOncePod'], storageClassName: v.options.storageClass, resources: { requests: { storage: v.options.sizeLimit } } },
    });
  });
  return claims;
}
