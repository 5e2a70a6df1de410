// Rows for the Spark container, the only container Spark changes: name, image, pull policy,
// args, resizePolicy, env, resources and volume mounts, each compared with the template's
// Spark container (the one Spark took, see templateSparkContainer) or judged from the pod.

import type { KubeContainer } from '../kube/types';
import { isSparkOwnVolume, type PodVolume } from '../volumes/extractVolumes';
import { isSparkVolumeType } from '../volumes/sparkVolumeConf';
import { field, sameValue, sparkAlways, sparkIfConfigured, templateOnly, type FieldContext, type TemplateField } from './fieldRow';

// Environment BasicExecutorFeatureStep / BasicDriverFeatureStep and friends write.
const SPARK_ENV = new Set([
  'SPARK_DRIVER_URL', 'SPARK_EXECUTOR_CORES', 'SPARK_EXECUTOR_MEMORY', 'SPARK_APPLICATION_ID', 'SPARK_CONF_DIR', 'SPARK_EXECUTOR_ID',
  'SPARK_RESOURCE_PROFILE_ID', 'SPARK_USER', 'SPARK_EXECUTOR_POD_IP', 'SPARK_EXECUTOR_POD_NAME', 'SPARK_LOCAL_DIRS', 'SPARK_CLASSPATH',
  '_SPARK_AUTH_SECRET', 'SPARK_EXECUTOR_ATTRIBUTE_APP_ID', 'SPARK_EXECUTOR_ATTRIBUTE_EXECUTOR_ID', 'SPARK_DRIVER_BIND_ADDRESS',
  'HADOOP_CONF_DIR', 'HADOOP_TOKEN_FILE_LOCATION', 'SPARK_MOUNTED_CLASSPATH',
]);
const SPARK_JAVA_OPT = /^SPARK_JAVA_OPT_[0-9]+$/;

function envValue(e: { value?: string; valueFrom?: Record<string, unknown> }): unknown {
  return e.value !== undefined ? e.value : e.valueFrom !== undefined ? { valueFrom: e.valueFrom } : '';
}

function envRows(ctx: FieldContext, base: string, c: KubeContainer, t: KubeContainer | null): TemplateField[] {
  const templateEnv = new Map((Array.isArray(t?.env) ? t.env : []).map((e) => [e?.name, e]));
  const setting = ctx.role === 'executor' ? 'spark.executorEnv.<NAME>' : 'spark.kubernetes.driverEnv.<NAME>';
  return (Array.isArray(c.env) ? c.env : []).filter((e) => e != null && typeof e.name === 'string').map((e) => {
    const path = `${base}.env.${e.name}`;
    const value = envValue(e);
    const mine = templateEnv.get(e.name);
    if (SPARK_ENV.has(e.name) || SPARK_JAVA_OPT.test(e.name)) return field(ctx, path, value, sparkAlways(ctx, mine === undefined ? undefined : envValue(mine)), 'Set by Spark.');
    const source = sparkIfConfigured(ctx, mine === undefined ? undefined : envValue(mine), value);
    return field(ctx, path, value, source, source === 'unknown' ? `From ${setting} or a pod template.` : source === 'spark' || source === 'both' ? `From ${setting}.` : undefined);
  });
}

function resourceRows(ctx: FieldContext, base: string, c: KubeContainer, t: KubeContainer | null): TemplateField[] {
  const rows: TemplateField[] = [];
  for (const kind of ['requests', 'limits'] as const) {
    const mine = t?.resources?.[kind] ?? {};
    for (const [name, v] of Object.entries(c.resources?.[kind] ?? {})) {
      const path = `${base}.resources.${kind}.${name}`;
      if (name === 'memory' || (name === 'cpu' && kind === 'requests')) {
        const note = name === 'memory' ? 'Memory plus overhead; Spark sets request and limit to the same value.' : 'spark.{driver,executor}.cores, or spark.kubernetes.{driver,executor}.request.cores.';
        rows.push(field(ctx, path, v, sparkAlways(ctx, mine[name]), note));
      } else if (name === 'cpu') {
        rows.push(field(ctx, path, v, sparkIfConfigured(ctx, mine[name], v), `spark.kubernetes.${ctx.role}.limit.cores, when set; otherwise the template's.`));
      } else {
        const source = sparkIfConfigured(ctx, mine[name], v);
        rows.push(field(ctx, path, v, source, source === 'template' ? undefined : `spark.${ctx.role}.resource.<name>.* (with a vendor) or a pod template; a LimitRange can also add defaults.`));
      }
    }
  }
  return rows;
}

function mountRows(ctx: FieldContext, base: string, c: KubeContainer, t: KubeContainer | null, volumes: Map<string, PodVolume>): TemplateField[] {
  const mine = Array.isArray(t?.volumeMounts) ? t.volumeMounts : [];
  return (Array.isArray(c.volumeMounts) ? c.volumeMounts : []).filter((m) => m != null && typeof m.name === 'string').map((m) => {
    const path = `${base}.volumeMounts.${m.mountPath}`;
    const value = `${m.name}${m.readOnly ? ' (read-only)' : ''}`;
    const v = volumes.get(m.name);
    if (v?.origin === 'kube-api-access') return field(ctx, path, value, 'cluster', 'The service account token mount the API server adds.');
    if (v !== undefined && isSparkOwnVolume(v)) return field(ctx, path, value, 'spark', `Spark's own volume (${v.origin}).`);
    if (ctx.hasTemplate) return field(ctx, path, value, mine.some((x) => x?.name === m.name && x.mountPath === m.mountPath) ? 'template' : 'spark');
    const settable = v !== undefined && isSparkVolumeType(v.kind);
    return settable ? field(ctx, path, value, 'unknown', `From spark.kubernetes.${ctx.role}.volumes.*.${m.name}.* or a pod template.`)
      : field(ctx, path, value, 'template', 'Spark\'s volume settings cannot produce this volume type.');
  });
}

export interface SparkContainerInput {
  /** The pod's volumes (extractPodVolumes). */
  volumes: readonly PodVolume[];
  /** The Spark container of the pod. */
  container: KubeContainer;
  /** The template container Spark took: null without a template, or when it has no containers. */
  templateContainer: KubeContainer | null;
  defaultName: string;
}

/** Rows for the Spark container of the pod, compared with the template container Spark took. */
export function sparkContainerRows(ctx: FieldContext, input: SparkContainerInput): TemplateField[] {
  const { container: c, templateContainer: t, defaultName } = input;
  const base = `spec.containers.${c.name}`;
  const volumes = new Map(input.volumes.map((v) => [v.name, v]));
  const nameSource = ctx.hasTemplate ? (t !== null && t.name === c.name ? 'template' : 'spark') : c.name === defaultName ? 'spark' : 'template';
  const rows: TemplateField[] = [
    field(ctx, `${base}.name`, c.name, nameSource, nameSource === 'template' ? 'Spark keeps the name the template gives its container.' : `Spark's default, ${defaultName}.`),
    field(ctx, `${base}.image`, c.image, sparkAlways(ctx, t?.image), `spark.kubernetes.${ctx.role}.container.image or spark.kubernetes.container.image ({{SPARK_VERSION}} substituted since 4.1).`),
    field(ctx, `${base}.imagePullPolicy`, c.imagePullPolicy, sparkAlways(ctx, t?.imagePullPolicy), 'spark.kubernetes.container.image.pullPolicy, default IfNotPresent.'),
  ];
  if (c.args !== undefined) rows.push(field(ctx, `${base}.args`, c.args, sparkAlways(ctx, t?.args), ctx.role === 'executor' ? 'Spark appends "executor" to the template\'s args.' : 'driver, then the submission arguments.'));
  if (c.resizePolicy !== undefined) rows.push(field(ctx, `${base}.resizePolicy`, c.resizePolicy, sparkAlways(ctx, t?.resizePolicy), 'NotRequired for cpu and memory.'));
  rows.push(...envRows(ctx, base, c, t), ...resourceRows(ctx, base, c, t), ...mountRows(ctx, base, c, t, volumes));
  const security = c.securityContext;
  if (security !== undefined && Object.keys(security).length > 0) {
    const source = templateOnly(ctx, t?.securityContext, security);
    rows.push(field(ctx, `${base}.securityContext`, security, source, source === 'template' && !ctx.hasTemplate ? 'No Spark setting writes it, so it comes from a pod template (or a mutating admission webhook).' : undefined));
  }
  if (ctx.hasTemplate && t !== null && !sameValue(t.name, c.name)) {
    rows[0].note = `Spark took the template's container "${t.name}" but the pod's Spark container is "${c.name}".`;
  }
  return rows;
}
