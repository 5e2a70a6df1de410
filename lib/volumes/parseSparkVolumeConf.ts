// Spark's reading of `spark.kubernetes.{driver,executor}.volumes.*` (KubernetesVolumeUtils.
// parseVolumesWithPrefix and the duplicate-mount check of MountVolumesFeatureStep), with its
// error texts to the character. Keys Spark reads but never uses are listed per volume.

import { parseJavaLong } from '../spark/labels';
import { volumeConfPrefix, type SparkRole, type SparkVolumeType } from './sparkVolumeConf';

export type ParsedVolumeConf =
  /** hostPathType '' means no check before mounting. */
  | { type: 'hostPath'; path: string; hostPathType: string }
  | { type: 'emptyDir'; medium?: string; sizeLimit?: string }
  | { type: 'nfs'; path: string; server: string }
  /** claimNameTemplate may contain OnDemand and (executors) SPARK_EXECUTOR_ID. */
  | { type: 'persistentVolumeClaim'; claimNameTemplate: string; storageClass?: string; sizeLimit?: string; labels: Record<string, string>; annotations: Record<string, string> };

export interface ParsedVolumeSpec {
  volumeName: string;
  mountPath: string;
  /** '' when unset, as Spark keeps it. */
  mountSubPath: string;
  mountSubPathExpr: string;
  mountReadOnly: boolean;
  volumeConf: ParsedVolumeConf;
  /** Full keys under this volume that Spark reads past (unknown suffixes, options of other types). */
  ignoredKeys: string[];
}

export interface VolumeConfError {
  /** The first error, as Spark's exception message. */
  error: string;
  /** Every error found, one per volume at most, then the duplicate mount paths. */
  errors: string[];
}

// Java's String.split drops trailing empty strings; JavaScript's keeps them.
function javaSplit(s: string, sep: string): string[] {
  const parts = s.split(sep);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

const DIGIT = /^\p{Nd}$/u;
// Scala's `forall(_.isDigit)` looks at UTF-16 units; surrogate halves are never digits.
const allDigits = (v: string) => [...Array(v.length).keys()].every((i) => DIGIT.test(v.charAt(i)));

/** verifySize: digits only and below 1024 is rejected; Long.parseLong fails on "" and on overflow. */
function sizeError(v: string | undefined): string | null {
  if (v === undefined || !allDigits(v)) return null;
  const n = parseJavaLong(v);
  if (n === undefined) return `For input string: "${v}"`;
  return n < 1024n ? `Volume size \`${v}\` is smaller than 1KiB. Missing units?` : null;
}

/** Scala's StringOps.toBoolean: "true" or "false" in any case, else IllegalArgumentException. */
function toBoolean(v: string): boolean | string {
  if (v.toLowerCase() === 'true') return true;
  if (v.toLowerCase() === 'false') return false;
  return `For input string: "${v}"`;
}

const MOUNT_KEYS = ['mount.path', 'mount.readOnly', 'mount.subPath', 'mount.subPathExpr'];
const OPTION_KEYS: Record<SparkVolumeType, string[]> = {
  hostPath: ['options.path', 'options.type'],
  emptyDir: ['options.medium', 'options.sizeLimit'],
  nfs: ['options.path', 'options.server'],
  persistentVolumeClaim: ['options.claimName', 'options.storageClass', 'options.sizeLimit'],
};

function prefixed(props: Map<string, string>, start: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of props) if (k.startsWith(start)) out[k.slice(start.length)] = v;
  return out;
}

function parseOne(props: Map<string, string>, type: string, name: string, fullPrefix: string): ParsedVolumeSpec | string {
  const at = (suffix: string) => `${type}.${name}.${suffix}`;
  const get = (suffix: string) => props.get(at(suffix));
  if (props.has(at('mount.subPath')) && props.has(at('mount.subPathExpr'))) {
    return `These config options are mutually exclusive: ${at('mount.subPath')}, ${at('mount.subPathExpr')}`;
  }
  const labels = prefixed(props, at('label.'));
  const annotations = prefixed(props, at('annotation.'));
  const mountPath = get('mount.path');
  if (mountPath === undefined) return `key not found: ${at('mount.path')}`;
  const readOnlyRaw = get('mount.readOnly');
  const readOnly = readOnlyRaw === undefined ? false : toBoolean(readOnlyRaw);
  if (typeof readOnly === 'string') return readOnly;
  const required = (suffix: string) => (props.has(at(suffix)) ? null : `${at(suffix)} is required for ${type}`);

  let volumeConf: ParsedVolumeConf;
  switch (type) {
    case 'hostPath': {
      const missing = required('options.path');
      if (missing) return missing;
      volumeConf = { type, path: get('options.path')!, hostPathType: get('options.type') ?? '' };
      break;
    }
    case 'persistentVolumeClaim': {
      const missing = required('options.claimName') ?? sizeError(get('options.sizeLimit'));
      if (missing) return missing;
      volumeConf = { type, claimNameTemplate: get('options.claimName')!, labels, annotations };
      if (get('options.storageClass') !== undefined) volumeConf.storageClass = get('options.storageClass');
      if (get('options.sizeLimit') !== undefined) volumeConf.sizeLimit = get('options.sizeLimit');
      break;
    }
    case 'emptyDir': {
      const bad = sizeError(get('options.sizeLimit'));
      if (bad) return bad;
      volumeConf = { type };
      if (get('options.medium') !== undefined) volumeConf.medium = get('options.medium');
      if (get('options.sizeLimit') !== undefined) volumeConf.sizeLimit = get('options.sizeLimit');
      break;
    }
    case 'nfs': {
      const missing = required('options.path') ?? required('options.server');
      if (missing) return missing;
      volumeConf = { type, path: get('options.path')!, server: get('options.server')! };
      break;
    }
    default:
      return `Kubernetes Volume type \`${type}\` is not supported`;
  }
  const used = new Set([...MOUNT_KEYS, ...OPTION_KEYS[volumeConf.type]].map(at));
  const ignoredKeys = [...props.keys()].filter((k) => {
    if (!k.startsWith(`${type}.${name}.`) || used.has(k)) return false;
    // Labels and annotations are used on claims Spark creates, so only for this type.
    const meta = k.startsWith(at('label.')) || k.startsWith(at('annotation.'));
    return !(meta && volumeConf.type === 'persistentVolumeClaim');
  }).map((k) => fullPrefix + k);
  return {
    volumeName: name, mountPath, mountSubPath: get('mount.subPath') ?? '', mountSubPathExpr: get('mount.subPathExpr') ?? '',
    mountReadOnly: readOnly, volumeConf, ignoredKeys,
  };
}

/**
 * The volume specs Spark reads from `conf` for `role`, in the order their first key appears
 * (Spark iterates a Set, so its own order is unspecified), or the errors it would raise.
 */
export function parseSparkVolumeConf(conf: Readonly<Record<string, string>>, role: SparkRole): ParsedVolumeSpec[] | VolumeConfError {
  const fullPrefix = volumeConfPrefix(role);
  const props = new Map<string, string>();
  for (const [k, v] of Object.entries(conf)) if (k.startsWith(fullPrefix)) props.set(k.slice(fullPrefix.length), v);
  const pairs = new Map<string, [string, string]>();
  for (const k of props.keys()) {
    const parts = javaSplit(k, '.');
    if (parts.length >= 2) pairs.set(JSON.stringify(parts.slice(0, 2)), [parts[0], parts[1]]);
  }
  const specs: ParsedVolumeSpec[] = [];
  const errors: string[] = [];
  for (const [type, name] of pairs.values()) {
    const parsed = parseOne(props, type, name, fullPrefix);
    if (typeof parsed === 'string') errors.push(parsed);
    else specs.push(parsed);
  }
  // MountVolumesFeatureStep's require(), raised when the pod is built.
  const counts = new Map<string, number>();
  for (const s of specs) counts.set(s.mountPath, (counts.get(s.mountPath) ?? 0) + 1);
  const duplicates = [...counts].filter(([, n]) => n > 1).map(([p]) => `'${p}'`);
  if (duplicates.length > 0) errors.push(`requirement failed: Found duplicated mountPath: ${duplicates.join(', ')}`);
  return errors.length > 0 ? { error: errors[0], errors } : specs;
}
