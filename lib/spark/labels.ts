// Spark's bookkeeping labels on driver and executor pods (Constants.scala) and readers that
// interpret them exactly as Spark does. Readers never throw: where Spark would throw (a
// spark-exec-id that is not a Long), the result says so. Also Spark's two name sanitisers.

import type { KubePod } from '../kube/types';

export const SPARK_APP_ID_LABEL = 'spark-app-selector';
export const SPARK_ROLE_LABEL = 'spark-role';
export const SPARK_EXECUTOR_ID_LABEL = 'spark-exec-id';
export const SPARK_APP_NAME_LABEL = 'spark-app-name';
export const SPARK_RESOURCE_PROFILE_ID_LABEL = 'spark-exec-resourceprofile-id';
export const SPARK_EXECUTOR_INACTIVE_LABEL = 'spark-exec-inactive';
export const SPARK_VERSION_LABEL = 'spark-version';

export const SPARK_POD_DRIVER_ROLE = 'driver';
export const SPARK_POD_EXECUTOR_ROLE = 'executor';
/** The id the statefulset and deployment allocators stamp on pods before the executor registers. */
export const EXECUTOR_ID_PLACEHOLDER = 'EXECID';
/** Kubernetes' DNS label limit, which Spark applies to the spark-app-name label. */
export const KUBERNETES_DNS_LABEL_NAME_MAX_LENGTH = 63;

export type ExecutorIdLabel =
  | { kind: 'id'; id: number }
  | { kind: 'unregistered'; reason: 'missing' | 'placeholder' }
  | { kind: 'invalid'; raw: string };

/** A label's value, or undefined when absent or not a string (Java's `labels.get` gives null). */
export function labelOf(pod: KubePod, key: string): string | undefined {
  const labels = pod.metadata?.labels;
  if (labels == null || typeof labels !== 'object' || !Object.prototype.hasOwnProperty.call(labels, key)) return undefined;
  const value: unknown = labels[key];
  return typeof value === 'string' ? value : undefined;
}

export function appIdOf(pod: KubePod): string | undefined {
  return labelOf(pod, SPARK_APP_ID_LABEL);
}

export function appNameOf(pod: KubePod): string | undefined {
  return labelOf(pod, SPARK_APP_NAME_LABEL);
}

/** Exact, case-sensitive match, as the selector `spark-role=executor` matches. */
export function sparkRoleOf(pod: KubePod): 'driver' | 'executor' | undefined {
  const role = labelOf(pod, SPARK_ROLE_LABEL);
  return role === SPARK_POD_DRIVER_ROLE || role === SPARK_POD_EXECUTOR_ROLE ? role : undefined;
}

/**
 * Spark's reading of spark-exec-id (ExecutorPodsSnapshot.toStatesByExecutorId): a missing label
 * or the EXECID placeholder keeps the pod out of the snapshot; anything else goes through
 * `toLong`, and a value Long.parseLong rejects throws NumberFormatException, failing the update.
 * Ids beyond Number.MAX_SAFE_INTEGER are valid Longs but come back rounded.
 */
export function executorIdOf(pod: KubePod): ExecutorIdLabel {
  const raw = labelOf(pod, SPARK_EXECUTOR_ID_LABEL);
  if (raw === undefined) return { kind: 'unregistered', reason: 'missing' };
  if (raw === EXECUTOR_ID_PLACEHOLDER) return { kind: 'unregistered', reason: 'placeholder' };
  const id = parseJavaLong(raw);
  return id === undefined ? { kind: 'invalid', raw } : { kind: 'id', id: Number(id) };
}

/** The resource profile id Spark writes (`resourceProfileId.toString`) and reads back with `toInt`. */
export function resourceProfileIdOf(pod: KubePod): number | undefined {
  const raw = labelOf(pod, SPARK_RESOURCE_PROFILE_ID_LABEL);
  if (raw === undefined) return undefined;
  const id = parseJavaLong(raw, INT_MIN, INT_MAX);
  return id === undefined ? undefined : Number(id);
}

/**
 * True only for the exact value "true". Spark's selector `spark-exec-inactive!=true` keeps pods
 * without the label or with any other value ("True", "yes", ""), and the lifecycle manager tests
 * `== "true"`; both agree with this.
 */
export function isInactiveExecutor(pod: KubePod): boolean {
  return labelOf(pod, SPARK_EXECUTOR_INACTIVE_LABEL) === 'true';
}

// ---------------------------------------------------------------- Java's Long.parseLong

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const ASCII_DIGITS = /^[0-9]{1,15}$/;
const DECIMAL_DIGIT = /^\p{Nd}$/u;

function isUnicodeDigit(code: number): boolean {
  return code >= 0 && DECIMAL_DIGIT.test(String.fromCharCode(code));
}

/**
 * Character.digit(ch, 10) for one UTF-16 unit: any BMP decimal digit (category Nd), not only
 * ASCII. Unicode lays every Nd run out as contiguous 0..9, so a digit's value is its offset
 * in its run. Surrogate halves are never digits, so supplementary-plane digits are rejected.
 */
function javaDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code < 0x80 || !isUnicodeDigit(code)) return -1;
  let offset = 0;
  while (isUnicodeDigit(code - offset - 1)) offset++;
  return offset % 10;
}

/**
 * Long.parseLong (or Integer.parseInt with int bounds): an optional ASCII '+' or '-', then one
 * or more decimal digits, within range. No whitespace, no decimal point, no empty string.
 */
export function parseJavaLong(raw: string, min: bigint = LONG_MIN, max: bigint = LONG_MAX): bigint | undefined {
  if (ASCII_DIGITS.test(raw)) {
    const value = BigInt(raw);
    return value >= min && value <= max ? value : undefined;
  }
  const signed = raw.startsWith('-') || raw.startsWith('+');
  if (raw.length === 0 || (signed && raw.length === 1)) return undefined;
  let value = 0n;
  for (let i = signed ? 1 : 0; i < raw.length; i++) {
    const digit = javaDigit(raw.charCodeAt(i));
    if (digit < 0) return undefined;
    value = value * 10n + BigInt(digit);
  }
  if (raw.startsWith('-')) value = -value;
  return value >= min && value <= max ? value : undefined;
}

// ---------------------------------------------------------------- name sanitisers

/** Java's String.trim: strips code units <= U+0020 at both ends (not Unicode whitespace). */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

// JavaScript's toLowerCase is locale-independent, like Java's toLowerCase(Locale.ROOT).
function lowerCollapse(s: string): string {
  return javaTrim(s).toLowerCase().replace(/[^a-z0-9-]/gu, '-').replace(/-+/g, '-');
}

/**
 * The spark-app-name label value (KubernetesConf.getAppNameLabel): trimmed, lower-cased,
 * every character outside [a-z0-9-] turned into '-', runs of '-' collapsed, cut to 63
 * characters, and then one leading and one trailing '-' removed (so it may end up shorter).
 */
export function sanitizeAppNameLabel(appName: string): string {
  let label = lowerCollapse(appName).slice(0, KUBERNETES_DNS_LABEL_NAME_MAX_LENGTH);
  if (label.startsWith('-')) label = label.slice(1);
  if (label.endsWith('-')) label = label.slice(0, -1);
  return label;
}

/**
 * The resource-name prefix (KubernetesConf.getResourceNamePrefix) for `<appName>-<uniqueId>`:
 * the same clean-up, then a leading '-' dropped and a leading digit replaced by 'x'. No length
 * cut. Spark draws uniqueId from randomness and the clock; here it is an argument.
 */
export function sanitizeResourceNamePrefix(appName: string, uniqueId: string): string {
  return lowerCollapse(`${appName}-${uniqueId}`).replace(/^-/, '').replace(/^[0-9]/, 'x');
}
