// What a pod asks of its node and its namespace's quota, as Kubernetes counts it: per resource
// (cpu in cores, memory and storage in bytes, extended resources in units) the larger of what
// its containers ask together (restartable init containers, i.e. sidecars, included) and what
// its biggest init container asks while it runs (beside the sidecars started before it), plus
// the pod's overhead. A container with a limit and no request asks for its limit. Also each
// container's own values, which LimitRanges of type Container judge.

import type { KubeContainer, KubePod } from './types';
import { parseCpuCores, parseQuantity } from '../volumes/quantity';

export type ResourceAmounts = Readonly<Record<string, number>>;

export interface ContainerResources { name: string; requests: ResourceAmounts; limits: ResourceAmounts }

export interface PodResources {
  requests: ResourceAmounts;
  limits: ResourceAmounts;
  containers: readonly ContainerResources[];
  /** Names of resources with a value that is not a quantity (the API would have refused it; a fixture may not). */
  unreadable: readonly string[];
}

const amount = (resource: string, raw: string): number | null => (resource === 'cpu' ? parseCpuCores(raw) : parseQuantity(raw));

function containerResources(c: KubeContainer, unreadable: string[]): ContainerResources {
  const read = (m: Record<string, string> | undefined) => {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(m ?? {})) {
      const n = amount(k, String(v));
      if (n === null) unreadable.push(k); else out[k] = n;
    }
    return out;
  };
  const limits = read(c?.resources?.limits);
  const requests = { ...limits, ...read(c?.resources?.requests) };
  return { name: c?.name ?? '', requests, limits };
}

function combine(containers: ContainerResources[], inits: { c: ContainerResources; sidecar: boolean }[], overhead: ResourceAmounts, pick: (c: ContainerResources) => ResourceAmounts): Record<string, number> {
  const keys = new Set([...containers, ...inits.map((i) => i.c)].flatMap((c) => Object.keys(pick(c))).concat(Object.keys(overhead)));
  const out: Record<string, number> = {};
  for (const k of keys) {
    let regular = 0;
    for (const c of containers) regular += pick(c)[k] ?? 0;
    let sidecars = 0;
    let peak = 0;
    for (const { c, sidecar } of inits) {
      const v = pick(c)[k] ?? 0;
      if (sidecar) { sidecars += v; peak = Math.max(peak, sidecars); } else peak = Math.max(peak, sidecars + v);
    }
    const total = Math.max(regular + sidecars, peak) + (overhead[k] ?? 0);
    if (total > 0) out[k] = total;
  }
  return out;
}

export function podResources(pod: KubePod): PodResources {
  const spec = pod.spec;
  const unreadable: string[] = [];
  const containers = (Array.isArray(spec?.containers) ? spec!.containers! : []).map((c) => containerResources(c, unreadable));
  const inits = (Array.isArray(spec?.initContainers) ? spec!.initContainers! : []).map((c) => ({ c: containerResources(c, unreadable), sidecar: c?.restartPolicy === 'Always' }));
  const overheadRaw = (spec?.overhead ?? {}) as Record<string, string>;
  const overhead: Record<string, number> = {};
  for (const [k, v] of Object.entries(overheadRaw)) { const n = amount(k, String(v)); if (n !== null) overhead[k] = n; }
  return {
    requests: combine(containers, inits, overhead, (c) => c.requests),
    limits: combine(containers, inits, overhead, (c) => c.limits),
    containers: [...inits.map((i) => i.c), ...containers],
    unreadable,
  };
}

/** Cores the pod reserves; null when it asks for none (requests unknown) or a cpu value is unreadable. */
export function podCpuRequest(pod: KubePod): number | null {
  return cpuCoresOf(podResources(pod));
}

/** The cores of resources already read; null when none are requested or a cpu value is unreadable. */
export function cpuCoresOf(r: PodResources): number | null {
  return r.unreadable.includes('cpu') ? null : r.requests.cpu ?? null;
}
