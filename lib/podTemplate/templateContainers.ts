// The containers of a driver or executor pod as the template panel lists them: Spark's own,
// sidecars, init containers and native sidecars, with image, pull policy, resources, ports,
// and whether each came from the pod template. Also which template container Spark took as
// its own (spark-k8s-reference section i, "Loading").

import type { KubeContainer, KubePod, KubeResourceRequirements } from '../kube/types';
import { podContainers, regularContainers, type ContainerRole } from '../volumes/containerRoles';

export interface TemplateContainer {
  name: string;
  role: ContainerRole;
  image: string | null;
  imagePullPolicy: string | null;
  resources: KubeResourceRequirements;
  ports: { name?: string; containerPort: number; protocol?: string }[];
  fromTemplate: boolean;
  /** Where it came from when not the template, or why fromTemplate is only inferred. */
  note?: string;
}

// Sidecars that mutating admission webhooks inject (service meshes, secret agents).
const INJECTED = new Set(['istio-proxy', 'istio-init', 'istio-validation', 'linkerd-proxy', 'linkerd-init', 'vault-agent', 'vault-agent-init', 'cloud-sql-proxy']);

/**
 * The template container Spark turns into its own: the one named by podTemplateContainerName
 * when exactly one matches, else the first container; none for a template without containers.
 */
export function templateSparkContainer(template: KubePod, setting: string | null | undefined): KubeContainer | null {
  const containers = regularContainers(template);
  if (setting) {
    const named = containers.filter((c) => c.name === setting);
    if (named.length === 1) return named[0];
  }
  return containers[0] ?? null;
}

function templateNames(template: KubePod): Set<string> {
  const init = Array.isArray(template.spec?.initContainers) ? template.spec.initContainers : [];
  return new Set([...regularContainers(template), ...init].map((c) => c?.name).filter((n): n is string => typeof n === 'string'));
}

function origin(role: ContainerRole, name: string, template: KubePod | null, templateSpark: KubeContainer | null, defaultName: string): { fromTemplate: boolean; note?: string } {
  if (template === null) {
    if (role === 'spark') {
      return name === defaultName ? { fromTemplate: false } : { fromTemplate: true, note: `Inferred: Spark names its container ${defaultName} unless a pod template names it.` };
    }
    if (INJECTED.has(name)) return { fromTemplate: false, note: 'Inferred: a container of this name is usually injected by a mutating admission webhook (service mesh or secret agent), not a pod template.' };
    return { fromTemplate: true, note: 'Inferred: Spark adds no containers besides its own, so this one comes from a pod template (or a mutating admission webhook).' };
  }
  if (role === 'spark') {
    return templateSpark === null
      ? { fromTemplate: false, note: 'The template has no containers; Spark built its container from scratch.' }
      : { fromTemplate: true, note: `Spark took the template's container ${templateSpark.name} and set its image, resources, environment and mounts.` };
  }
  if (templateNames(template).has(name)) return { fromTemplate: true };
  return { fromTemplate: false, note: 'Not in the pod template: added after Spark built the pod, by a mutating admission webhook or a user feature step.' };
}

export interface TemplateContainersInput {
  pod: KubePod;
  template: KubePod | null;
  /** The name Spark looks for (podTemplateContainerName, else the default). */
  sparkContainerName: string;
  /** The template container Spark took (templateSparkContainer): null without a template or without containers. */
  templateSpark: KubeContainer | null;
  /** The role's default container name. */
  defaultName: string;
}

/** Every container of the pod with its role and origin, init containers first. */
export function templateContainers({ pod, template, sparkContainerName, templateSpark, defaultName }: TemplateContainersInput): TemplateContainer[] {
  return podContainers(pod, sparkContainerName).map(({ container: c, role }) => {
    const row: TemplateContainer = {
      name: c.name,
      role,
      image: typeof c.image === 'string' ? c.image : null,
      imagePullPolicy: typeof c.imagePullPolicy === 'string' ? c.imagePullPolicy : null,
      resources: { ...(c.resources?.requests ? { requests: { ...c.resources.requests } } : {}), ...(c.resources?.limits ? { limits: { ...c.resources.limits } } : {}) },
      ports: Array.isArray(c.ports) ? c.ports.map((p) => ({ ...p })) : [],
      ...origin(role, c.name, template, templateSpark, defaultName),
    };
    return row;
  });
}
