// From a volume seen on pods to the `spark.kubernetes.{driver,executor}.volumes.<type>.<name>.*`
// settings that would produce it, ready to copy as --conf flags or spark-defaults.conf lines
// (spark-k8s-reference section h). Spark's own volumes and types its settings cannot produce
// get a reason instead. The reverse direction is parseSparkVolumeConf + volumeFromSpec.

import { SPARK_APP_ID_LABEL } from '../spark/labels';
import type { PodVolume, VolumeMountUse } from './extractVolumes';
import type { VolumeGroup } from './groupVolumes';
import { parseOnDemandClaimName, replaceExecutorId } from './onDemandClaims';

export type SparkRole = 'driver' | 'executor';
export type SparkVolumeType = 'hostPath' | 'emptyDir' | 'nfs' | 'persistentVolumeClaim';
export const SPARK_VOLUME_TYPES: readonly SparkVolumeType[] = ['hostPath', 'emptyDir', 'nfs', 'persistentVolumeClaim'];
/** Whether Spark's volume settings can produce a volume of this kind. */
export const isSparkVolumeType = (kind: string): kind is SparkVolumeType => (SPARK_VOLUME_TYPES as readonly string[]).includes(kind);

export interface SparkConfEntry {
  key: string;
  value: string;
}

/** What the user knows about the claim behind a persistentVolumeClaim volume. */
export interface ClaimHints {
  /** The claim's storage class and requested size; with both, Spark creates the claim itself. */
  storageClass?: string;
  sizeLimit?: string;
  /** The claim's labels and annotations (system ones and spark-app-selector are left out). */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** The executor the volume was read from, to find SPARK_EXECUTOR_ID in a single pod's claim name. */
  executorId?: number | null;
}

export type RenderedVolumeConf =
  | { supported: true; entries: SparkConfEntry[]; notes: string[] }
  | { supported: false; entries: []; reason: string };

export function volumeConfPrefix(role: SparkRole): string {
  return `spark.kubernetes.${role}.volumes.`;
}

/** The Spark placeholder that becomes an on-demand claim name. */
export const ON_DEMAND = 'OnDemand';
/** The Spark placeholder that becomes the executor id in an executor's claim name. */
export const EXECUTOR_ID_PLACEHOLDER = 'SPARK_EXECUTOR_ID';

// Annotations the PV controller and kubectl put on claims; Spark's settings never set them.
const SYSTEM_ANNOTATION = /^(pv\.kubernetes\.io\/|volume\.kubernetes\.io\/|volume\.beta\.kubernetes\.io\/|kubectl\.kubernetes\.io\/)/;

function unsupported(reason: string): RenderedVolumeConf {
  return { supported: false, entries: [], reason };
}

function sparkOwnReason(volume: PodVolume | VolumeGroup, role: SparkRole): string {
  switch (volume.origin) {
    case 'spark-local-dir':
      return 'Spark creates spark-local-dir-N itself, one emptyDir per entry of spark.local.dir (medium Memory with spark.kubernetes.local.dirs.tmpfs=true). To back local dirs with another volume, configure a volume whose name starts with spark-local-dir-.';
    case 'spark-conf':
      return 'Spark mounts its own configuration config map at /opt/spark/conf; no setting produces it (spark.kubernetes.executor.disableConfigMap=true removes the executor one).';
    case 'spark-pod-template':
      return 'Spark mounts the executor pod template on the driver itself when spark.kubernetes.executor.podTemplateFile is set.';
    case 'spark-secret': {
      const secret = volume.source.kind === 'secret' ? volume.source.secretName : '<secret>';
      const path = volume.mounts.find((m) => m.containerRole === 'spark')?.mountPath ?? '<mount path>';
      return volume.name === 'kubernetes-credentials'
        ? 'Spark mounts the driver\'s Kubernetes credentials itself (spark.kubernetes.authenticate.driver.* files at submission).'
        : `Spark mounts this secret from spark.kubernetes.${role}.secrets.${secret}=${path}, not from volume settings.`;
    }
    case 'spark-hadoop':
      return 'Spark mounts the Hadoop configuration itself (HADOOP_CONF_DIR at submission, or spark.kubernetes.hadoop.configMapName).';
    case 'spark-kerberos':
      return 'Spark mounts Kerberos files itself (spark.kubernetes.kerberos.* settings).';
    case 'kube-api-access':
      return 'The API server\'s ServiceAccount admission plugin adds this token volume to every pod (automountServiceAccountToken); it is not a Spark setting.';
    case 'user':
      return '';
  }
}

function typeReason(volume: PodVolume | VolumeGroup, role: SparkRole): string {
  const base = 'Spark\'s volume settings produce only hostPath, emptyDir, nfs and persistentVolumeClaim volumes.';
  if (volume.kind === 'secret') {
    const secret = volume.source.kind === 'secret' ? volume.source.secretName : '<secret>';
    return `${base} A secret volume comes from spark.kubernetes.${role}.secrets.${secret}=<mount path> (Spark then names it ${secret}-volume, not ${volume.name}) or from a pod template (spark.kubernetes.${role}.podTemplateFile).`;
  }
  if (volume.kind === 'configMap') return `${base} A config map volume needs a pod template (spark.kubernetes.${role}.podTemplateFile).`;
  const what = volume.source.kind === 'other' && volume.source.type ? `A ${volume.source.type} volume` : `A ${volume.kind} volume`;
  return `${base} ${what} needs a pod template (spark.kubernetes.${role}.podTemplateFile).`;
}

function isGroup(volume: PodVolume | VolumeGroup): volume is VolumeGroup {
  return 'variesPerExecutor' in volume;
}

/** The claimName setting: OnDemand, a SPARK_EXECUTOR_ID template, or the literal name. */
function claimNameSetting(volume: PodVolume | VolumeGroup, role: SparkRole, claimName: string, hints: ClaimHints): { value: string; onDemandIndex?: number } {
  if (isGroup(volume) && volume.variesPerExecutor) {
    const p = volume.variesPerExecutor;
    return p.substitution === 'OnDemand' ? { value: ON_DEMAND, onDemandIndex: p.volumeIndex } : { value: p.pattern.split('{id}').join(EXECUTOR_ID_PLACEHOLDER) };
  }
  const parsed = parseOnDemandClaimName(claimName);
  if (parsed !== null && parsed.role === role) return { value: ON_DEMAND, onDemandIndex: parsed.volumeIndex };
  if (role === 'executor' && hints.executorId != null) {
    const value = replaceExecutorId(claimName, hints.executorId, EXECUTOR_ID_PLACEHOLDER);
    if (value !== null) return { value };
  }
  return { value: claimName };
}

/**
 * The settings that produce `volume` with `mount` on the Spark container of a `role` pod.
 * A group with an executor-dependent claim name renders OnDemand or SPARK_EXECUTOR_ID.
 */
export function renderSparkVolumeConf(role: SparkRole, volume: PodVolume | VolumeGroup, mount: VolumeMountUse, claim: ClaimHints = {}): RenderedVolumeConf {
  if (volume.origin !== 'user') return unsupported(sparkOwnReason(volume, role));
  if (!volume.declared) return unsupported(`The pod does not declare a volume named ${volume.name}; there is nothing to configure.`);
  const source = volume.source;
  if (!isSparkVolumeType(source.kind)) return unsupported(typeReason(volume, role));
  if (mount.containerRole !== 'spark') {
    return unsupported(`Spark's volume settings mount only into the Spark container; this mount is in ${mount.container} (${mount.containerRole}), so it comes from a pod template (spark.kubernetes.${role}.podTemplateFile).`);
  }
  if (volume.name.includes('.') || volume.name === '') return unsupported(`Spark splits setting keys on '.', so a volume named "${volume.name}" cannot be expressed.`);

  const prefix = `${volumeConfPrefix(role)}${source.kind}.${volume.name}.`;
  const entries: SparkConfEntry[] = [];
  const notes: string[] = [];
  const put = (suffix: string, value: string) => entries.push({ key: prefix + suffix, value });
  put('mount.path', mount.mountPath);
  put('mount.readOnly', String(mount.readOnly));
  if (mount.subPath !== undefined) put('mount.subPath', mount.subPath);
  if (mount.subPathExpr !== undefined) put('mount.subPathExpr', mount.subPathExpr);

  switch (source.kind) {
    case 'hostPath':
      put('options.path', source.path);
      if (source.type !== '') put('options.type', source.type);
      break;
    case 'emptyDir':
      if (source.medium !== '') put('options.medium', source.medium);
      if (source.sizeLimit !== undefined) put('options.sizeLimit', source.sizeLimit);
      break;
    case 'nfs':
      put('options.server', source.server);
      put('options.path', source.path);
      if (source.readOnly) notes.push('The NFS source itself is read-only; Spark never sets that (only the mount\'s readOnly), so the produced volume differs in that field.');
      break;
    case 'persistentVolumeClaim': {
      const { value, onDemandIndex } = claimNameSetting(volume, role, source.claimName, claim);
      put('options.claimName', value);
      const creates = claim.storageClass !== undefined && claim.sizeLimit !== undefined;
      if (creates) {
        put('options.storageClass', claim.storageClass!);
        put('options.sizeLimit', claim.sizeLimit!);
        for (const [k, v] of Object.entries(claim.labels ?? {})) if (k !== SPARK_APP_ID_LABEL) put(`label.${k}`, v);
        for (const [k, v] of Object.entries(claim.annotations ?? {})) if (!SYSTEM_ANNOTATION.test(k)) put(`annotation.${k}`, v);
      } else if (value === ON_DEMAND) {
        notes.push('Spark creates the claim only when options.storageClass and options.sizeLimit are both set; add them with the claim\'s storage class and requested size.');
      }
      if (value === ON_DEMAND) {
        const shape = role === 'executor' ? '<prefix>-exec-<id>-pvc-<i>' : '<prefix>-driver-pvc-<i>';
        notes.push(`OnDemand becomes ${shape}, where <i> is the volume's position among the pod's volume settings in Spark's own order${onDemandIndex === undefined ? '' : ` (here ${onDemandIndex})`}; it may change when volume settings are added or removed.`);
      }
      if (source.readOnly !== mount.readOnly) notes.push(`The claim source's readOnly (${source.readOnly}) differs from the mount's; Spark sets both from mount.readOnly.`);
      break;
    }
  }
  const sparkMounts = volume.mounts.filter((m) => m.containerRole === 'spark');
  if (sparkMounts.length > 1) notes.push(`The Spark container mounts this volume ${sparkMounts.length} times; Spark's settings give a volume one mount, so the others come from a pod template.`);
  const others = [...new Set(volume.mounts.filter((m) => m.containerRole !== 'spark').map((m) => m.container))];
  if (others.length > 0) {
    notes.push(`Also mounted by ${others.join(', ')}. Those mounts come from a pod template, which then declares the volume too; adding these settings as well declares it twice, and the API server rejects the pod.`);
  }
  if (volume.sparkLocalDir) notes.push('Its name starts with spark-local-dir-, so Spark uses its mount path as a local dir instead of creating its own.');
  return { supported: true, entries, notes };
}

// Characters a POSIX shell leaves alone in a word.
// Braces are left out: bash expands {a,b} and {1..3}.
const SHELL_SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;

function shellQuote(word: string): string {
  return SHELL_SAFE.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

// java.util.Properties escapes: backslash first, then the characters that would end a key.
function propertiesEscape(s: string, isKey: boolean): string {
  const escaped = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return isKey ? escaped.replace(/([ =:#!])/g, '\\$1') : escaped.replace(/^([ #!])/, '\\$1');
}

/**
 * The settings as spark-submit flags (`--conf key=value`, one per line, shell-quoted where
 * needed) or as spark-defaults.conf lines (`key value`, java.util.Properties escapes).
 */
export function formatSparkConf(entries: readonly SparkConfEntry[], style: 'spark-submit' | 'spark-defaults' = 'spark-submit'): string {
  if (style === 'spark-defaults') return entries.map((e) => `${propertiesEscape(e.key, true)} ${propertiesEscape(e.value, false)}`).join('\n');
  return entries.map((e) => `--conf ${shellQuote(`${e.key}=${e.value}`)}`).join(' \\\n');
}

/** Entries as the Record<string, string> a SparkConf holds (later keys win). */
export function entriesToConf(entries: readonly SparkConfEntry[]): Record<string, string> {
  return Object.fromEntries(entries.map((e) => [e.key, e.value]));
}
