// The CPU a pod reserves on its node, as the scheduler counts it: the larger of what its
// containers ask for together (restartable init containers, i.e. sidecars, included) and what
// its biggest init container asks for while it runs (beside the sidecars started before it),
// plus the pod's overhead. A container with a limit and no request asks for its limit.

import type { KubeContainer, KubePod } from './types';
import { parseCpuCores } from '../volumes/quantity';

function cpuOf(c: KubeContainer | null | undefined): number | null {
  const r = c?.resources;
  const raw = r?.requests?.cpu ?? r?.limits?.cpu;
  return raw === undefined ? 0 : parseCpuCores(raw);
}

/** Cores the pod reserves; null when it asks for none (requests unknown) or one is unreadable. */
export function podCpuRequest(pod: KubePod): number | null {
  const spec = pod.spec;
  if (!spec || !Array.isArray(spec.containers)) return null;
  let containers = 0;
  for (const c of spec.containers) {
    const n = cpuOf(c);
    if (n === null) return null;
    containers += n;
  }
  let sidecars = 0;
  let initPeak = 0;
  for (const c of Array.isArray(spec.initContainers) ? spec.initContainers : []) {
    const n = cpuOf(c);
    if (n === null) return null;
    if (c?.restartPolicy === 'Always') {
      sidecars += n;
      initPeak = Math.max(initPeak, sidecars);
    } else {
      initPeak = Math.max(initPeak, sidecars + n);
    }
  }
  const overhead = (spec.overhead as Record<string, string> | undefined)?.cpu;
  const extra = overhead === undefined ? 0 : parseCpuCores(overhead);
  if (extra === null) return null;
  const total = Math.max(containers + sidecars, initPeak) + extra;
  return total > 0 ? total : null;
}
