// Building blocks for the named pod fixtures: fixed times, deterministic uids and container
// ids, and the metadata/spec/status pieces Spark and the kubelet put on driver and executor
// pods. Everything derives from the options and fixed constants; nothing reads a clock.

import type { KubeContainer, KubeContainerState, KubeContainerStatus, KubePodCondition } from '../../kube/types';
import { sanitizeAppNameLabel, sanitizeResourceNamePrefix } from '../labels';
import { DEFAULT_EXECUTOR_CONTAINER_NAME } from '../podState';

export const FIXTURE_APP_ID = 'spark-5f0c7e5a1d2b4c3e9a8b7c6d5e4f3a2b';
export const FIXTURE_NAMESPACE = 'spark-jobs';
export const FIXTURE_APP_NAME = 'Nightly ETL';
export const FIXTURE_SPARK_VERSION = '4.1.1';
export const FIXTURE_IMAGE = `apache/spark:${FIXTURE_SPARK_VERSION}`;
export const FIXTURE_IMAGE_ID = 'docker.io/apache/spark@sha256:7c3e0f1b5a9d2e4c6b8a0f1e3d5c7b9a1e2f4d6c8b0a2e4f6d8c0b2a4e6f8d0c';
export const FIXTURE_SIDECAR_NAME = 'log-shipper';
export const FIXTURE_SIDECAR_IMAGE = 'fluent/fluent-bit:3.2.4';
/** Spark's uniqueID: 6 hex characters of randomness, then the low 40 bits of the epoch ms in hex. */
export const FIXTURE_UNIQUE_ID = '3fa2c19b76daa800';
/** 2026-01-01T00:00:00Z; every fixture time is an offset from it. */
export const FIXTURE_BASE_MS = Date.UTC(2026, 0, 1);

export interface FixtureOptions {
  appId?: string;
  namespace?: string;
  /** spark.app.name; the label and the pod names are sanitised from it as Spark does. */
  appName?: string;
  /** Default: derived from the app id and the executor id. */
  uid?: string;
  resourceVersion?: string;
  nodeName?: string;
  sparkContainerName?: string;
  resourceProfileId?: number;
}

export interface ResolvedFixture {
  appId: string;
  namespace: string;
  appName: string;
  prefix: string;
  nodeName: string;
  sparkContainerName: string;
  resourceProfileId: number;
  uid: string | undefined;
  resourceVersion: string | undefined;
}

export function resolveOptions(opts: FixtureOptions, defaultNode: string, defaultContainer = DEFAULT_EXECUTOR_CONTAINER_NAME): ResolvedFixture {
  const appName = opts.appName ?? FIXTURE_APP_NAME;
  return {
    appId: opts.appId ?? FIXTURE_APP_ID,
    namespace: opts.namespace ?? FIXTURE_NAMESPACE,
    appName,
    prefix: sanitizeResourceNamePrefix(appName, FIXTURE_UNIQUE_ID),
    nodeName: opts.nodeName ?? defaultNode,
    sparkContainerName: opts.sparkContainerName ?? defaultContainer,
    resourceProfileId: opts.resourceProfileId ?? 0,
    uid: opts.uid,
    resourceVersion: opts.resourceVersion,
  };
}

/** RFC 3339 with second precision, as the API server writes timestamps. */
export function fixtureTime(offsetMs: number): string {
  return new Date(FIXTURE_BASE_MS + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function fnv1a(input: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < input.length; i++) hash = Math.imul(hash ^ input.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** A stable hex string of the given length derived from `input`. */
export function fixtureHex(input: string, length: number): string {
  let out = '';
  for (let seed = 0; out.length < length; seed++) out += fnv1a(input, seed).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

/** A UUID-shaped uid that depends only on `key`. */
export function fixtureUid(key: string): string {
  const h = fixtureHex(key, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

export function driverPodName(r: ResolvedFixture): string {
  return `${r.prefix}-driver`;
}

export function driverUid(r: ResolvedFixture): string {
  return fixtureUid(`${r.appId}/driver`);
}

export function commonLabels(r: ResolvedFixture, role: 'driver' | 'executor'): Record<string, string> {
  return {
    'spark-app-name': sanitizeAppNameLabel(r.appName),
    'spark-app-selector': r.appId,
    'spark-role': role,
    'spark-version': FIXTURE_SPARK_VERSION,
  };
}

const fieldRef = (fieldPath: string) => ({ fieldRef: { apiVersion: 'v1', fieldPath } });

export function localDir(r: ResolvedFixture): string {
  return `/var/data/spark-${fixtureUid(`${r.appId}/local-dir`)}`;
}

export function executorContainer(r: ResolvedFixture, executorId: string): KubeContainer {
  return {
    name: r.sparkContainerName,
    image: FIXTURE_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    args: ['executor'],
    env: [
      { name: 'SPARK_USER', value: 'spark' },
      { name: 'SPARK_DRIVER_URL', value: `spark://CoarseGrainedScheduler@${r.prefix}-driver-svc.${r.namespace}.svc:7078` },
      { name: 'SPARK_EXECUTOR_CORES', value: '1' },
      { name: 'SPARK_EXECUTOR_MEMORY', value: '4096m' },
      { name: 'SPARK_APPLICATION_ID', value: r.appId },
      { name: 'SPARK_CONF_DIR', value: '/opt/spark/conf' },
      { name: 'SPARK_EXECUTOR_ID', value: executorId },
      { name: 'SPARK_RESOURCE_PROFILE_ID', value: String(r.resourceProfileId) },
      { name: 'SPARK_EXECUTOR_POD_IP', valueFrom: fieldRef('status.podIP') },
      { name: 'SPARK_EXECUTOR_POD_NAME', valueFrom: fieldRef('metadata.name') },
      { name: 'SPARK_JAVA_OPT_0', value: '-Dspark.driver.port=7078' },
      { name: 'SPARK_LOCAL_DIRS', value: localDir(r) },
    ],
    ports: [{ name: 'blockmanager', containerPort: 7079, protocol: 'TCP' }],
    // spark.executor.memory=4g plus the default 10% overhead: 4096 + 409 MiB.
    resources: { requests: { cpu: '1', memory: '4505Mi' }, limits: { memory: '4505Mi' } },
    resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }, { resourceName: 'memory', restartPolicy: 'NotRequired' }],
    volumeMounts: [
      { name: 'spark-local-dir-1', mountPath: localDir(r) },
      { name: 'spark-conf-volume-exec', mountPath: '/opt/spark/conf' },
    ],
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

export function driverContainer(r: ResolvedFixture): KubeContainer {
  return {
    name: r.sparkContainerName,
    image: FIXTURE_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    args: ['driver', '--properties-file', '/opt/spark/conf/spark.properties', '--class', 'org.example.etl.NightlyJob', 'local:///opt/spark/work-dir/nightly-etl.jar'],
    env: [
      { name: 'SPARK_USER', value: 'spark' },
      { name: 'SPARK_APPLICATION_ID', value: r.appId },
      { name: 'SPARK_DRIVER_BIND_ADDRESS', valueFrom: fieldRef('status.podIP') },
      { name: 'SPARK_LOCAL_DIRS', value: localDir(r) },
      { name: 'SPARK_CONF_DIR', value: '/opt/spark/conf' },
    ],
    ports: [
      { name: 'driver-rpc-port', containerPort: 7078, protocol: 'TCP' },
      { name: 'blockmanager', containerPort: 7079, protocol: 'TCP' },
      { name: 'spark-ui', containerPort: 4040, protocol: 'TCP' },
      { name: 'spark-connect', containerPort: 15002, protocol: 'TCP' },
    ],
    resources: { requests: { cpu: '1', memory: '1408Mi' }, limits: { memory: '1408Mi' } },
    volumeMounts: [
      { name: 'spark-local-dir-1', mountPath: localDir(r) },
      { name: 'spark-conf-volume-driver', mountPath: '/opt/spark/conf' },
    ],
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

export function sidecarContainer(): KubeContainer {
  return {
    name: FIXTURE_SIDECAR_NAME,
    image: FIXTURE_SIDECAR_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
    volumeMounts: [{ name: 'spark-local-dir-1', mountPath: '/logs', readOnly: true }],
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

export function containerStatus(podUid: string, container: KubeContainer, state: KubeContainerState): KubeContainerStatus {
  const containerID = `containerd://${fixtureHex(`${podUid}/${container.name}`, 64)}`;
  const running = state.running != null;
  const withId: KubeContainerState = state.terminated != null ? { terminated: { ...state.terminated, containerID } } : state;
  return {
    name: container.name,
    image: container.image === FIXTURE_IMAGE ? `docker.io/${FIXTURE_IMAGE}` : `docker.io/${container.image}`,
    imageID: container.image === FIXTURE_IMAGE ? FIXTURE_IMAGE_ID : `docker.io/${container.image}@sha256:${fixtureHex(container.image ?? '', 64)}`,
    ...(state.waiting != null ? {} : { containerID }),
    ready: running,
    started: running,
    restartCount: 0,
    state: withId,
    lastState: {},
  };
}

export function condition(type: string, status: 'True' | 'False', at: number, extra: Partial<KubePodCondition> = {}): KubePodCondition {
  return { type, status, lastProbeTime: null, lastTransitionTime: fixtureTime(at), ...extra };
}

/** The conditions of a scheduled pod; `ready` false once its containers have ended. */
export function scheduledConditions(scheduledAt: number, readyAt: number, ready: boolean, notReadyReason: string): KubePodCondition[] {
  const readiness = ready ? {} : { reason: notReadyReason };
  return [
    condition('PodReadyToStartContainers', 'True', scheduledAt + 2000),
    condition('Initialized', 'True', scheduledAt),
    condition('Ready', ready ? 'True' : 'False', readyAt, readiness),
    condition('ContainersReady', ready ? 'True' : 'False', readyAt, readiness),
    condition('PodScheduled', 'True', scheduledAt),
  ];
}

export function podIp(n: number): string {
  return `10.244.${1 + (n % 3)}.${10 + (n % 240)}`;
}

export function hostIp(nodeName: string): string {
  return `10.0.0.${11 + (fnv1a(nodeName, 0) % 200)}`;
}
