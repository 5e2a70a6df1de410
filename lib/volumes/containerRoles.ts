// Which container of a Spark pod is Spark's own and what the others are: sidecars, init
// containers, native sidecars (init containers with restartPolicy Always). Shared by the
// volume extractor and the pod-template analysis so both name containers the same way.

import type { KubeContainer, KubePod } from '../kube/types';
import { DEFAULT_DRIVER_CONTAINER_NAME, DEFAULT_EXECUTOR_CONTAINER_NAME } from '../spark/podState';

export type ContainerRole = 'spark' | 'sidecar' | 'init' | 'native-sidecar';

export interface SparkContainerMatch {
  name: string;
  /**
   * How it was found: the name the caller says Spark looks for, one of Spark's default
   * names, or (a template renamed it) the environment only Spark's container carries.
   */
  by: 'configured-name' | 'default-name' | 'spark-env';
}

export interface PodContainer {
  container: KubeContainer;
  role: ContainerRole;
  /** In spec.initContainers rather than spec.containers. */
  init: boolean;
}

// BasicExecutorFeatureStep / BasicDriverFeatureStep put these on the Spark container and
// nowhere else; a sidecar copying them would be odd enough to ignore.
const SPARK_ENV_MARKERS = ['SPARK_EXECUTOR_ID', 'SPARK_DRIVER_BIND_ADDRESS'];

function containersOf(list: unknown): KubeContainer[] {
  return Array.isArray(list) ? list.filter((c): c is KubeContainer => c != null && typeof c === 'object' && typeof c.name === 'string') : [];
}

export function regularContainers(pod: KubePod): KubeContainer[] {
  return containersOf(pod.spec?.containers);
}

export function initContainers(pod: KubePod): KubeContainer[] {
  return containersOf(pod.spec?.initContainers);
}

function carriesSparkEnv(c: KubeContainer): boolean {
  const names = new Set((Array.isArray(c.env) ? c.env : []).map((e) => e?.name));
  return names.has('SPARK_APPLICATION_ID') && SPARK_ENV_MARKERS.some((m) => names.has(m));
}

/**
 * Spark's container among spec.containers. The caller's name wins (podTemplateContainerName
 * or the default); then a default name; then, when a template renamed the container, the
 * last container that carries Spark's environment (Spark appends its container at the end).
 */
export function identifySparkContainer(pod: KubePod, sparkContainerName: string): SparkContainerMatch | null {
  const containers = regularContainers(pod);
  if (containers.some((c) => c.name === sparkContainerName)) return { name: sparkContainerName, by: 'configured-name' };
  const byDefault = containers.find((c) => c.name === DEFAULT_EXECUTOR_CONTAINER_NAME || c.name === DEFAULT_DRIVER_CONTAINER_NAME);
  if (byDefault) return { name: byDefault.name, by: 'default-name' };
  const byEnv = [...containers].reverse().find(carriesSparkEnv);
  return byEnv ? { name: byEnv.name, by: 'spark-env' } : null;
}

export function isNativeSidecar(c: KubeContainer): boolean {
  return c.restartPolicy === 'Always';
}

/** Every container of the pod with its role: init containers first, in pod order. */
export function podContainers(pod: KubePod, sparkContainerName: string): PodContainer[] {
  const spark = identifySparkContainer(pod, sparkContainerName)?.name;
  return [
    ...initContainers(pod).map((container): PodContainer => ({ container, role: isNativeSidecar(container) ? 'native-sidecar' : 'init', init: true })),
    ...regularContainers(pod).map((container): PodContainer => ({ container, role: container.name === spark ? 'spark' : 'sidecar', init: false })),
  ];
}
