// The container-name trap (spark-k8s-reference section 13, item 9): an executor pod template
// names the Spark container, podTemplateContainerName does not, and Spark's snapshot looks
// for spark-kubernetes-executor, a container that does not exist. Stated with its effect on
// how Spark notices executor exits, and the setting that fixes it.

import type { KubePod } from '../kube/types';
import { DEFAULT_EXECUTOR_CONTAINER_NAME } from '../spark/podState';
import { identifySparkContainer, regularContainers } from '../volumes/containerRoles';

export interface ContainerNameTrap {
  /** The Spark container's actual name. */
  containerName: string;
  /** The name Spark's snapshot looks for and does not find. */
  lookedFor: string;
  message: string;
  /** The setting that fixes it. */
  fix: { key: string; value: string };
}

export interface TrapInput {
  role: 'driver' | 'executor';
  pod: KubePod;
  /** spark.kubernetes.executor.podTemplateContainerName: null or '' when known unset, undefined when unknown. */
  templateContainerNameSetting?: string | null;
}

const FIX_KEY = 'spark.kubernetes.executor.podTemplateContainerName';

/**
 * The trap, or null. Only executors are affected: the driver's own state is not read from a
 * container by name. When the setting is unknown it is taken as unset, its default.
 */
export function detectContainerNameTrap(input: TrapInput): ContainerNameTrap | null {
  if (input.role !== 'executor') return null;
  const setting = input.templateContainerNameSetting || null;
  const lookedFor = setting ?? DEFAULT_EXECUTOR_CONTAINER_NAME;
  if (regularContainers(input.pod).some((c) => c.name === lookedFor)) return null;
  const spark = identifySparkContainer(input.pod, lookedFor);
  if (spark === null) return null;
  const name = spark.name;
  const cause = setting === null
    ? `The pod template names the executor container "${name}" and ${FIX_KEY} is not set, so Spark keeps that name on the pod but its executor snapshot looks for a container named ${DEFAULT_EXECUTOR_CONTAINER_NAME}, which this pod does not have.`
    : `${FIX_KEY} is set to "${setting}", but no container of this pod has that name (the executor container is "${name}"), so Spark's executor snapshot does not find its container.`;
  const effect = [
    'While another container keeps the pod in phase Running, Spark does not notice when the executor container ends.',
    'An exit with code 0 leaves the executor counted as running until the whole pod ends.',
    'A non-zero exit is caught only by spark.kubernetes.executor.checkAllContainers (default true since Spark 4.0, effective only with restartPolicy Never), which fails the executor because some container failed;',
    'the exit code in Spark\'s loss message is then -1, because Spark reads the code only from the container it looks for.',
  ].join(' ');
  return {
    containerName: name,
    lookedFor,
    message: `${cause} ${effect} Fix: set ${FIX_KEY}=${name}.`,
    fix: { key: FIX_KEY, value: name },
  };
}
