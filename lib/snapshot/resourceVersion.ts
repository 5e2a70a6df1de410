// The one place that compares resourceVersions. Kubernetes documents them as opaque
// strings, but every real API server serves etcd revisions: decimal integers that grow
// with every write (Spark's polling with resourceVersion relies on the same fact).
// So: when both parse as non-negative integers, compare them as integers (BigInt: etcd
// revisions are int64); otherwise we cannot order them and trust arrival order.

const DECIMAL = /^(0|[1-9][0-9]{0,19})$/;

export type ResourceVersionOrder = 'newer' | 'same' | 'older' | 'unordered';

export function compareResourceVersions(incoming: string | undefined, current: string | undefined): ResourceVersionOrder {
  if (incoming === undefined || current === undefined) return 'unordered';
  if (!DECIMAL.test(incoming) || !DECIMAL.test(current)) return incoming === current ? 'same' : 'unordered';
  if (incoming.length !== current.length) return incoming.length > current.length ? 'newer' : 'older';
  if (incoming === current) return 'same';
  return incoming > current ? 'newer' : 'older';
}

/**
 * True when an object at `incoming` may replace what we hold at `current`.
 * Unordered versions (non-numeric, or one missing) fall back to arrival order: accept.
 */
export function isNewerResourceVersion(incoming: string | undefined, current: string | undefined): boolean {
  const order = compareResourceVersions(incoming, current);
  return order === 'newer' || order === 'unordered';
}

/** True when we know for certain that `a` was written at or before `b`. */
export function isAtOrBefore(a: string | undefined, b: string | undefined): boolean {
  const order = compareResourceVersions(a, b);
  return order === 'older' || order === 'same';
}
