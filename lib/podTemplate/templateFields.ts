// What Spark set and what it kept from the pod template, for a driver or an executor pod
// (spark-k8s-reference section i): the containers, a row per field of the docs table and of
// the fields Spark also overwrites, and the container-name trap. Without the template, the
// same rows say what the pod alone shows, marked as inferred.

import type { KubeContainer, KubePod } from '../kube/types';
import { DEFAULT_DRIVER_CONTAINER_NAME, DEFAULT_EXECUTOR_CONTAINER_NAME } from '../spark/podState';
import { identifySparkContainer, regularContainers, type SparkContainerMatch } from '../volumes/containerRoles';
import { extractPodVolumes } from '../volumes/extractVolumes';
import { detectContainerNameTrap, type ContainerNameTrap } from './containerNameTrap';
import type { FieldContext, TemplateField } from './fieldRow';
import { podFieldRows } from './podFields';
import { sparkContainerRows } from './sparkContainerFields';
import { templateContainers, templateSparkContainer, type TemplateContainer } from './templateContainers';

export type { FieldSource, TemplateField } from './fieldRow';
export type { TemplateContainer } from './templateContainers';
export type { ContainerNameTrap } from './containerNameTrap';

export interface PodTemplateInput {
  role: 'driver' | 'executor';
  pod: KubePod;
  /** The template from the pod-template config map, when available. */
  template: KubePod | null;
  /** The name Spark looks for: podTemplateContainerName, else the role's default. */
  sparkContainerName: string;
  /** spark.kubernetes.{role}.podTemplateContainerName: null when known unset, undefined when unknown. */
  templateContainerNameSetting?: string | null;
}

export interface PodTemplateAnalysis {
  role: 'driver' | 'executor';
  templateAvailable: boolean;
  /** Spark's container in the pod and how it was recognised; null when none is recognisable. */
  sparkContainer: SparkContainerMatch | null;
  containers: TemplateContainer[];
  fields: TemplateField[];
  containerNameTrap: ContainerNameTrap | null;
  /** Facts about the template itself (e.g. which container Spark took as its own). */
  notes: string[];
}

/** `taken`: the template container Spark took (templateSparkContainer). */
function templateNotes(input: PodTemplateInput, defaultName: string, taken: KubeContainer | null): string[] {
  const template = input.template;
  if (template === null) {
    return ['The pod template was not available, so every source below is inferred from the pod alone.'];
  }
  const notes: string[] = [];
  const containers = regularContainers(template);
  const setting = input.templateContainerNameSetting;
  if (taken === null) notes.push('The template has no containers; Spark built its container from scratch and appended it.');
  else if (setting && !containers.some((c) => c.name === setting)) {
    notes.push(`spark.kubernetes.${input.role}.podTemplateContainerName is "${setting}", but no template container has that name; Spark took the first container, ${taken.name}.`);
  } else if (!setting && containers.length > 1) {
    // A later container whose name says Spark while the first one's does not: the template's
    // author most likely meant that one, and the first container lost its own image and command.
    const looksSpark = (name: string) => name === defaultName || name.includes('spark') || name.includes(input.role);
    const meant = containers.slice(1).find((c) => looksSpark(c.name));
    const warning = meant !== undefined && !looksSpark(taken.name)
      ? ` ${taken.name} now runs Spark with Spark's image, while ${meant.name} runs as a sidecar; if ${meant.name} was meant, set spark.kubernetes.${input.role}.podTemplateContainerName=${meant.name} or put it first.`
      : '';
    notes.push(`No podTemplateContainerName is set and the template has ${containers.length} containers, so Spark took the first one, ${taken.name}, as its own and kept the others as sidecars.${warning}`);
  }
  if (taken !== null) notes.push(`Spark moves its container to the end of spec.containers; the template's other containers keep their order in front of it.`);
  return notes;
}

/** The containers, field sources and trap of one driver or executor pod. */
export function analyzePodTemplate(input: PodTemplateInput): PodTemplateAnalysis {
  const { role, pod, template } = input;
  const defaultName = role === 'executor' ? DEFAULT_EXECUTOR_CONTAINER_NAME : DEFAULT_DRIVER_CONTAINER_NAME;
  const ctx: FieldContext = { role, hasTemplate: template !== null };
  const sparkContainer = identifySparkContainer(pod, input.sparkContainerName);
  const spark = sparkContainer === null ? null : regularContainers(pod).find((c) => c.name === sparkContainer.name) ?? null;
  const takenFromTemplate = template === null ? null : templateSparkContainer(template, input.templateContainerNameSetting);
  const volumes = extractPodVolumes(pod, { sparkContainerName: input.sparkContainerName });
  const fields = [
    ...podFieldRows(ctx, { pod, template, volumes }),
    ...(spark === null ? [] : sparkContainerRows(ctx, { volumes, container: spark, templateContainer: takenFromTemplate, defaultName })),
  ];
  return {
    role,
    templateAvailable: template !== null,
    sparkContainer,
    containers: templateContainers({ pod, template, sparkContainerName: input.sparkContainerName, templateSpark: takenFromTemplate, defaultName }),
    fields,
    containerNameTrap: detectContainerNameTrap({ role, pod, templateContainerNameSetting: input.templateContainerNameSetting }),
    notes: templateNotes(input, defaultName, takenFromTemplate),
  };
}
