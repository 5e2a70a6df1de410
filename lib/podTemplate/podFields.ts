// Pod-level rows of the template analysis: metadata (name, namespace, labels, annotations) and
// spec (pull secrets, node selector, restart policy, service account, volumes, hostname, grace
// period, scheduler, and the fields only a template sets: tolerations, affinity, …), per the
// docs table "Pod template properties" and the fields Spark also overwrites (section i).

import type { KubePod } from '../kube/types';
import { SPARK_APP_ID_LABEL, SPARK_APP_NAME_LABEL, SPARK_EXECUTOR_ID_LABEL, SPARK_EXECUTOR_INACTIVE_LABEL, SPARK_RESOURCE_PROFILE_ID_LABEL, SPARK_ROLE_LABEL, SPARK_VERSION_LABEL } from '../spark/labels';
import { isSparkOwnVolume, type PodVolume } from '../volumes/extractVolumes';
import { isSparkVolumeType } from '../volumes/sparkVolumeConf';
import { field, recordOf, sameValue, sparkAlways, sparkIfConfigured, stringRecord, templateOnly, type FieldContext, type TemplateField } from './fieldRow';

const SPARK_LABELS = new Set([SPARK_APP_ID_LABEL, SPARK_APP_NAME_LABEL, SPARK_EXECUTOR_ID_LABEL, SPARK_EXECUTOR_INACTIVE_LABEL, SPARK_RESOURCE_PROFILE_ID_LABEL, SPARK_ROLE_LABEL, SPARK_VERSION_LABEL]);
// Labels controllers stamp on the pods they own (statefulset and deployment allocators).
const CLUSTER_LABELS = new Set(['controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index', 'pod-template-hash']);
const CLUSTER_ANNOTATION = /^(kubectl\.kubernetes\.io\/|kubernetes\.io\/|cni\.projectcalico\.org\/|k8s\.v1\.cni\.cncf\.io\/|sidecar\.istio\.io\/status|linkerd\.io\/|seccomp\.security\.alpha\.kubernetes\.io\/|container\.apparmor\.security\.beta\.kubernetes\.io\/)/;
const SPARK_ANNOTATIONS = new Set(['spark.exit-exception', 'controller.kubernetes.io/pod-deletion-cost']);
// DefaultTolerationSeconds admission adds these two to every pod without its own.
const DEFAULT_TOLERATION_KEYS = new Set(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
// Spec fields no Spark setting writes: only a template (or the cluster) puts them there.
const TEMPLATE_ONLY_SPEC = ['affinity', 'topologySpreadConstraints', 'priorityClassName', 'runtimeClassName', 'securityContext', 'hostNetwork', 'hostPID', 'hostIPC', 'dnsConfig', 'shareProcessNamespace', 'overhead'];

function labelRows(ctx: FieldContext, pod: KubePod, template: KubePod | null): TemplateField[] {
  const tl = stringRecord(template?.metadata?.labels);
  const setting = `spark.kubernetes.${ctx.role}.label.<key>`;
  return Object.entries(stringRecord(pod.metadata?.labels)).map(([k, v]) => {
    const path = `metadata.labels.${k}`;
    if (SPARK_LABELS.has(k)) return field(ctx, path, v, sparkAlways(ctx, tl[k]), 'Spark\'s own bookkeeping label.');
    if (CLUSTER_LABELS.has(k)) return field(ctx, path, v, 'cluster', 'Stamped by the controller that owns the pod.');
    const source = sparkIfConfigured(ctx, tl[k], v);
    const note = source === 'unknown' ? `From ${setting} or a pod template.`
      : source === 'both' ? `The template's value "${tl[k]}" was replaced by ${setting}.`
        : source === 'spark' ? `From ${setting}.` : undefined;
    return field(ctx, path, v, source, note);
  });
}

function annotationRows(ctx: FieldContext, pod: KubePod, template: KubePod | null): TemplateField[] {
  const ta = stringRecord(template?.metadata?.annotations);
  const setting = `spark.kubernetes.${ctx.role}.annotation.<key>`;
  return Object.entries(stringRecord(pod.metadata?.annotations)).map(([k, v]) => {
    const path = `metadata.annotations.${k}`;
    if (SPARK_ANNOTATIONS.has(k)) return field(ctx, path, v, 'spark', 'Written by Spark itself.');
    if (CLUSTER_ANNOTATION.test(k) && ta[k] === undefined) return field(ctx, path, v, 'cluster', 'Written by the cluster (kubectl, a network plugin or an admission webhook).');
    const source = sparkIfConfigured(ctx, ta[k], v);
    return field(ctx, path, v, source, source === 'unknown' ? `From ${setting} or a pod template.` : source === 'spark' ? `From ${setting}.` : undefined);
  });
}

function metadataRows(ctx: FieldContext, pod: KubePod, template: KubePod | null): TemplateField[] {
  const name = ctx.role === 'executor'
    ? 'Spark names executor pods <prefix>-exec-<id> whatever the template says (the docs call executor names "unaffected").'
    : 'spark.kubernetes.driver.pod.name, default <prefix>-driver.';
  return [
    field(ctx, 'metadata.name', pod.metadata?.name, sparkAlways(ctx, template?.metadata?.name), name),
    field(ctx, 'metadata.namespace', pod.metadata?.namespace, sparkAlways(ctx, template?.metadata?.namespace), 'spark.kubernetes.namespace.'),
    ...labelRows(ctx, pod, template),
    ...annotationRows(ctx, pod, template),
  ];
}

function volumeRows(ctx: FieldContext, volumes: readonly PodVolume[], template: KubePod | null): TemplateField[] {
  const templateVolumes = new Set((Array.isArray(template?.spec?.volumes) ? template.spec.volumes : []).map((v) => v?.name));
  return volumes.filter((v) => v.declared).map((v) => {
    const path = `spec.volumes.${v.name}`;
    const value = `${v.kind}${v.source.kind === 'persistentVolumeClaim' ? ` ${v.source.claimName}` : ''}`;
    if (v.origin === 'kube-api-access') return field(ctx, path, value, 'cluster', 'The service account token volume the API server adds.');
    if (isSparkOwnVolume(v)) return field(ctx, path, value, 'spark', `Spark's own volume (${v.origin}).`);
    if (ctx.hasTemplate) {
      return templateVolumes.has(v.name) ? field(ctx, path, value, 'template')
        : field(ctx, path, value, 'spark', `From spark.kubernetes.${ctx.role}.volumes.${v.kind}.${v.name}.*.`);
    }
    const settable = isSparkVolumeType(v.kind);
    const inSpark = v.mounts.some((m) => m.containerRole === 'spark');
    if (!settable) return field(ctx, path, value, 'template', `Spark's volume settings cannot produce a ${v.kind} volume, so a pod template declares it.`);
    if (!inSpark && v.mounts.length > 0) return field(ctx, path, value, 'template', 'Only other containers mount it, and Spark\'s volume settings mount into the Spark container only.');
    return field(ctx, path, value, 'unknown', `From spark.kubernetes.${ctx.role}.volumes.${v.kind}.${v.name}.* or a pod template.`);
  });
}

function tolerationRows(ctx: FieldContext, pod: KubePod, template: KubePod | null): TemplateField[] {
  const mine = Array.isArray(template?.spec?.tolerations) ? template.spec.tolerations : [];
  const all = Array.isArray(pod.spec?.tolerations) ? pod.spec.tolerations : [];
  return all.map((t, i) => {
    const key = typeof t.key === 'string' ? t.key : '';
    const path = `spec.tolerations[${i}]`;
    const inTemplate = mine.some((x) => sameValue(x, t));
    if (!inTemplate && DEFAULT_TOLERATION_KEYS.has(key) && t.effect === 'NoExecute') {
      return field(ctx, path, t, 'cluster', 'Added by the DefaultTolerationSeconds admission plugin.');
    }
    if (!ctx.hasTemplate) return field(ctx, path, t, 'template', 'Spark has no toleration setting, so this comes from a pod template (or a mutating admission webhook).');
    return field(ctx, path, t, inTemplate ? 'template' : 'cluster', inTemplate ? undefined : 'Not in the template: added by an admission webhook.');
  });
}

function accountRow(ctx: FieldContext, pod: KubePod, template: KubePod | null): TemplateField[] {
  const value = pod.spec?.serviceAccountName ?? pod.spec?.serviceAccount;
  if (value === undefined) return [];
  const tv = template?.spec?.serviceAccountName ?? template?.spec?.serviceAccount;
  const path = 'spec.serviceAccountName';
  if (ctx.role === 'executor') {
    if (!ctx.hasTemplate) return [field(ctx, path, value, 'unknown', 'The template\'s account if it names one; otherwise Spark sets spark.kubernetes.authenticate.executor.serviceAccountName, falling back to the driver\'s account.')];
    if (tv === undefined) return [field(ctx, path, value, value === 'default' ? 'cluster' : 'spark', 'The template names no account: Spark sets spark.kubernetes.authenticate.executor.serviceAccountName, else the driver\'s; with neither, the API server assigns "default".')];
    return [field(ctx, path, value, sameValue(tv, value) ? 'template' : 'both', 'Spark keeps a service account the template names.')];
  }
  const source = sparkIfConfigured(ctx, tv, value);
  const note = 'Spark sets spark.kubernetes.authenticate.driver.serviceAccountName only when configured; with no account named anywhere, the API server assigns "default".';
  return [field(ctx, path, value, source === 'spark' && value === 'default' ? 'cluster' : source, note)];
}

function specRows(ctx: FieldContext, pod: KubePod, template: KubePod | null, volumes: readonly PodVolume[]): TemplateField[] {
  const spec = pod.spec ?? {};
  const tspec = template?.spec ?? {};
  const rows: TemplateField[] = [];
  const secrets = (Array.isArray(spec.imagePullSecrets) ? spec.imagePullSecrets : []).map((s) => s?.name);
  if (secrets.length > 0) {
    const mine = new Set((Array.isArray(tspec.imagePullSecrets) ? tspec.imagePullSecrets : []).map((s) => s?.name));
    const fromTemplate = secrets.filter((s) => mine.has(s)).length;
    const source = !ctx.hasTemplate ? 'unknown' : fromTemplate === secrets.length ? 'template' : fromTemplate === 0 ? 'spark' : 'both';
    rows.push(field(ctx, 'spec.imagePullSecrets', secrets, source, 'Spark adds spark.kubernetes.container.image.pullSecrets to the template\'s.'));
  }
  const tSelector = stringRecord(tspec.nodeSelector);
  for (const [k, v] of Object.entries(stringRecord(spec.nodeSelector))) {
    rows.push(field(ctx, `spec.nodeSelector.${k}`, v, sparkIfConfigured(ctx, tSelector[k], v), `Spark adds spark.kubernetes.node.selector.* and spark.kubernetes.${ctx.role}.node.selector.*.`));
  }
  const restartNote = ctx.role === 'driver' ? 'Never.' : 'Never with the direct allocator; Always with the statefulset and deployment allocators.';
  rows.push(field(ctx, 'spec.restartPolicy', spec.restartPolicy, sparkAlways(ctx, tspec.restartPolicy), tspec.restartPolicy !== undefined && tspec.restartPolicy !== spec.restartPolicy ? `${restartNote} The template said ${tspec.restartPolicy}.` : restartNote));
  rows.push(...accountRow(ctx, pod, template));
  rows.push(...volumeRows(ctx, volumes, template));
  if (ctx.role === 'executor' && spec.hostname !== undefined) rows.push(field(ctx, 'spec.hostname', spec.hostname, sparkAlways(ctx, tspec.hostname), 'The last 63 characters of the pod name, made DNS-safe.'));
  else if (spec.hostname !== undefined) rows.push(field(ctx, 'spec.hostname', spec.hostname, templateOnly(ctx, tspec.hostname, spec.hostname)));
  if (spec.terminationGracePeriodSeconds !== undefined) {
    const v = spec.terminationGracePeriodSeconds;
    const tv = tspec.terminationGracePeriodSeconds;
    rows.push(ctx.role === 'executor'
      ? field(ctx, 'spec.terminationGracePeriodSeconds', v, !ctx.hasTemplate ? 'unknown' : tv === undefined ? 'spark' : sameValue(tv, v) ? 'template' : 'both', 'Spark 4.1+ sets spark.kubernetes.executor.terminationGracePeriodSeconds (default 30s); the API server\'s default is also 30.')
      : field(ctx, 'spec.terminationGracePeriodSeconds', v, !ctx.hasTemplate ? (v === 30 ? 'cluster' : 'template') : tv === undefined ? 'cluster' : 'template', 'Spark does not set it on the driver; the API server\'s default is 30.'));
  }
  if (spec.schedulerName !== undefined) {
    const v = spec.schedulerName;
    const source = sparkIfConfigured(ctx, tspec.schedulerName, v);
    rows.push(field(ctx, 'spec.schedulerName', v, (source === 'spark' || source === 'unknown') && v === 'default-scheduler' ? 'cluster' : source, `spark.kubernetes.${ctx.role}.scheduler.name or spark.kubernetes.scheduler.name; the API server's default is default-scheduler.`));
  }
  rows.push(...tolerationRows(ctx, pod, template));
  for (const key of TEMPLATE_ONLY_SPEC) {
    const v = spec[key];
    if (v === undefined || v === false || (typeof v === 'object' && v !== null && Object.keys(recordOf(v)).length === 0 && !Array.isArray(v))) continue;
    const source = templateOnly(ctx, tspec[key], v);
    rows.push(field(ctx, `spec.${key}`, v, source, source === 'template' && !ctx.hasTemplate ? 'No Spark setting writes it, so it comes from a pod template (or a mutating admission webhook).' : source === 'cluster' ? 'Not as in the template: set by the API server or an admission webhook.' : undefined));
  }
  return rows;
}

/** Metadata and pod-spec rows, in the order of the docs table. `volumes` are the pod's (extractPodVolumes). */
export function podFieldRows(ctx: FieldContext, { pod, template, volumes }: { pod: KubePod; template: KubePod | null; volumes: readonly PodVolume[] }): TemplateField[] {
  return [...metadataRows(ctx, pod, template), ...specRows(ctx, pod, template, volumes)];
}
