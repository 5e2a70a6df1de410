// What of a pod may reach a browser. Environment values are secrets as often as not
// (passwords, tokens, keys passed as literal env), so by default only their names and
// valueFrom references leave the server; `kubectl apply`'s last-applied annotation holds the
// whole spec (values included), and managedFields are noise: both are dropped. An explicit
// setting (--show-env-values) keeps literal values.

import type { KubeContainer, KubePod } from './types';

/** What an env value is replaced with, so a reader sees it exists and was withheld. */
export const HIDDEN_VALUE = '(hidden: environment values are not shown; see --show-env-values)';

/** Annotations that carry a copy of the spec. */
const SPEC_COPY_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

export interface RedactionOptions {
  /** Keep literal env values (the dashboard's --show-env-values). */
  envValues: boolean;
}

function redactContainers(containers: KubeContainer[] | undefined, options: RedactionOptions): KubeContainer[] | undefined {
  if (!Array.isArray(containers)) return containers;
  return containers.map((c) => {
    if (!c || typeof c !== 'object' || !Array.isArray(c.env) || options.envValues) return c;
    return { ...c, env: c.env.map((e) => (e && typeof e === 'object' && e.value !== undefined ? { ...e, value: HIDDEN_VALUE } : e)) };
  });
}

function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** A copy of `pod` fit for a browser; the input is not changed. */
export function redactPod<T extends KubePod | null | undefined>(pod: T, options: RedactionOptions): T {
  if (!pod || typeof pod !== 'object') return pod;
  const meta = pod.metadata;
  let annotations = meta?.annotations;
  if (annotations && SPEC_COPY_ANNOTATIONS.some((a) => a in annotations!)) {
    annotations = { ...annotations };
    for (const a of SPEC_COPY_ANNOTATIONS) delete annotations[a];
  }
  const spec = pod.spec && typeof pod.spec === 'object' ? stripUndefined({
    ...pod.spec,
    containers: redactContainers(pod.spec.containers, options),
    initContainers: redactContainers(pod.spec.initContainers, options),
    ephemeralContainers: redactContainers(pod.spec.ephemeralContainers, options),
  }) : pod.spec;
  return { ...pod, metadata: meta ? { ...meta, annotations, managedFields: undefined } : meta, spec } as T;
}
