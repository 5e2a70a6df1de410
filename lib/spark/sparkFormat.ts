// Spark's plain-text renderings of a pod, to the character: KubernetesUtils.formatPairsBundle,
// containerStatusDescription, containersDescription and formatPodState, plus Scala's
// stripMargin that shapes the executor loss message. Where Spark would throw on a malformed
// pod (no status or spec, a container status without state, a null exit code) we print N/A.

import type { KubeContainerStatus, KubePod } from '../kube/types';

export type FormatPair = readonly [key: string, value: string | null | undefined];

function text(value: unknown): string | null {
  return value == null ? null : String(value);
}

/** How Scala's string interpolation and mkString print a value: null as "null". */
function scalaString(value: unknown): string {
  return value == null ? 'null' : String(value);
}

/**
 * One `\n<indent tabs> <key>: <value>` line per pair, no separator; a null or empty value
 * prints as N/A. Indent 1 gives "\n\t key: v", indent 2 "\n\t\t key: v".
 */
export function formatPairsBundle(pairs: readonly FormatPair[], indent = 1): string {
  const tabs = '\t'.repeat(Math.max(0, Math.trunc(indent)));
  return pairs.map(([key, value]) => `\n${tabs} ${key}: ${value == null || value === '' ? 'N/A' : value}`).join('');
}

/** The state lines of one container status; running wins over terminated, terminated over waiting. */
export function containerStatusDescription(status: KubeContainerStatus): FormatPair[] {
  const state = status.state;
  if (state?.running != null) {
    return [['container state', 'running'], ['container started at', text(state.running.startedAt)]];
  }
  if (state?.terminated != null) {
    const t = state.terminated;
    return [
      ['container state', 'terminated'],
      ['container started at', text(t.startedAt)],
      ['container finished at', text(t.finishedAt)],
      ['exit code', text(t.exitCode)],
      ['termination reason', text(t.reason)],
    ];
  }
  if (state?.waiting != null) {
    return [['container state', 'waiting'], ['pending reason', text(state.waiting.reason)]];
  }
  return [['container state', 'N/A']];
}

function containerStatusesOf(pod: KubePod): KubeContainerStatus[] {
  const list = pod.status?.containerStatuses;
  return Array.isArray(list) ? list.filter((s): s is KubeContainerStatus => s != null && typeof s === 'object') : [];
}

/** Every regular container status as a block of lines; blocks are joined by a blank line. */
export function containersDescription(pod: KubePod, indent = 1): string {
  return containerStatusesOf(pod)
    .map((status) => formatPairsBundle([
      ['container name', text(status.name)],
      ['container image', text(status.image)],
      ...containerStatusDescription(status),
    ], indent))
    .join('\n\n');
}

/**
 * The pod as spark-submit's LoggingPodStatusWatcher logs it ("State changed, new state: ...").
 * Labels print as `k -> v` pairs in the object's key order, which is the API's order except
 * that JavaScript lists integer-like keys first.
 */
export function formatPodState(pod: KubePod): string {
  const meta = pod.metadata ?? {};
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const labels = meta.labels != null && typeof meta.labels === 'object' ? Object.entries(meta.labels) : [];
  const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
  return formatPairsBundle([
    ['pod name', text(meta.name)],
    ['namespace', text(meta.namespace)],
    ['labels', labels.map(([k, v]) => `${k} -> ${scalaString(v)}`).join(', ')],
    ['pod uid', text(meta.uid)],
    ['creation time', text(meta.creationTimestamp)],
    ['service account name', text(spec.serviceAccountName)],
    ['volumes', volumes.map((v) => scalaString(v?.name)).join(', ')],
    ['node name', text(spec.nodeName)],
    ['start time', text(status.startTime)],
    ['phase', text(status.phase)],
    ['container status', containersDescription(pod, 2)],
  ]);
}

/**
 * Scala 2.13's StringOps.stripMargin: for each line (ended by \n, \r\n or \r), skip leading
 * characters <= ' ' and, if the next one is the margin character, drop everything up to and
 * including it. Spark applies it after interpolation, so it reaches inside interpolated values.
 */
export function stripMargin(s: string, marginChar = '|'): string {
  let out = '';
  let start = 0;
  while (start < s.length) {
    let end = start;
    while (end < s.length && s[end] !== '\n' && s[end] !== '\r') end++;
    if (end < s.length) end += s[end] === '\r' && s[end + 1] === '\n' ? 2 : 1;
    const line = s.slice(start, end);
    let i = 0;
    while (i < line.length && line.charCodeAt(i) <= 0x20) i++;
    out += i < line.length && line[i] === marginChar ? line.slice(i + 1) : line;
    start = end;
  }
  return out;
}
