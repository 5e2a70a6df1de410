// The objects spark-submit and the driver create beside the pods: the driver's conf map
// (spark.properties), the executor pod template's conf map, the headless driver service
// (all owned by the driver pod), and the executor conf map the driver makes at start.

import type { AppPlan } from './appPlan';
import { actualExecutorContainerName, baseLabels, BLOCK_MANAGER_PORT, driverOwnerReference, DRIVER_PORT, UI_PORT, type AppIdentity } from './sparkPods';
import { SPARK_APP_ID_LABEL, SPARK_ROLE_LABEL } from '../../lib/spark/labels';

export interface SubmissionObject {
  /** Collection path to POST to. */
  path: string;
  name: string;
  body: Record<string, unknown>;
}

const TEMPLATE_FILE = 'pod-spec-template.yml';

/** The configuration spark-submit resolved, as the driver reads it from spark.properties. */
export function sparkProperties(plan: AppPlan, id: AppIdentity): Record<string, string> {
  const p: Record<string, string> = {
    'spark.app.id': id.appId,
    'spark.app.name': plan.appName,
    'spark.driver.blockManager.port': String(BLOCK_MANAGER_PORT),
    'spark.driver.host': `${id.driverServiceName}.${plan.namespace}.svc`,
    'spark.driver.port': String(DRIVER_PORT),
    'spark.executor.cores': String(plan.executor.cores),
    'spark.executor.memory': `${plan.executor.memoryMiB}m`,
    'spark.driver.cores': String(plan.driver.cores),
    'spark.driver.memory': `${plan.driver.memoryMiB}m`,
    'spark.jars': plan.appResource,
    'spark.kubernetes.authenticate.driver.serviceAccountName': plan.serviceAccount,
    'spark.kubernetes.container.image': plan.image,
    'spark.kubernetes.driver.pod.name': id.driverPodName,
    'spark.kubernetes.executor.podNamePrefix': id.prefix,
    // BasicDriverFeatureStep propagates the overhead factor it used to the executors.
    'spark.kubernetes.memoryOverheadFactor': '0.1',
    'spark.kubernetes.namespace': plan.namespace,
    'spark.kubernetes.resource.type': 'java',
    'spark.kubernetes.submitInDriver': 'true',
    'spark.master': 'k8s://https://kubernetes.default.svc:443',
    'spark.submit.deployMode': 'cluster',
  };
  if (plan.dynamic) {
    Object.assign(p, {
      'spark.dynamicAllocation.enabled': 'true',
      'spark.dynamicAllocation.shuffleTracking.enabled': 'true',
      'spark.dynamicAllocation.minExecutors': String(plan.dynamic.min),
      'spark.dynamicAllocation.maxExecutors': String(plan.dynamic.max),
      'spark.dynamicAllocation.initialExecutors': String(plan.instances),
    });
  } else {
    p['spark.executor.instances'] = String(plan.instances);
  }
  if (plan.executor.overheadMiB !== undefined) p['spark.executor.memoryOverhead'] = `${plan.executor.overheadMiB}m`;
  if (plan.executor.limitCores) p['spark.kubernetes.executor.limit.cores'] = plan.executor.limitCores;
  if (!plan.deleteOnTermination) p['spark.kubernetes.executor.deleteOnTermination'] = 'false';
  p['spark.executor.maxNumFailures'] = String(plan.maxFailures);
  if (plan.template) {
    p['spark.kubernetes.executor.podTemplateFile'] = `/opt/spark/pod-template/${TEMPLATE_FILE}`;
    if (plan.template.containerNameConfigured && plan.template.executorContainerName) p['spark.kubernetes.executor.podTemplateContainerName'] = plan.template.executorContainerName;
  }
  for (const v of plan.volumes) {
    const prefix = `spark.kubernetes.executor.volumes.${v.type}.${v.name}`;
    p[`${prefix}.mount.path`] = v.mountPath;
    if (v.readOnly !== undefined) p[`${prefix}.mount.readOnly`] = String(v.readOnly);
    for (const [k, value] of Object.entries(v.options)) p[`${prefix}.options.${k}`] = value;
  }
  return p;
}

/** java.util.Properties.store: a header, then key=value with ':', '=' and '#' escaped. */
function propertiesText(props: Record<string, string>, at: Date): string {
  const escape = (s: string) => s.replace(/\\/g, '\\\\').replace(/([:=#!])/g, '\\$1');
  const lines = Object.keys(props).sort().map((k) => `${escape(k)}=${escape(props[k]!)}`);
  // java.util.Date.toString in UTC: "Mon Nov 24 12:00:00 UTC 2025".
  const [day, date, month, year, time] = at.toUTCString().replace(',', '').split(' ');
  return ['#Java Properties', `#${day} ${month} ${date} ${time} UTC ${year}`, ...lines, ''].join('\n');
}

/** A small YAML writer for plain JSON (the pod template file as a user would have written it). */
export function toYaml(value: unknown, indent = ''): string {
  const scalar = (v: unknown) => (typeof v === 'string' ? (/^[\w./:@-][\w ./:@=-]*$/.test(v) && !/^(true|false|null|[\d.]+)$/.test(v) ? v : JSON.stringify(v)) : JSON.stringify(v));
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value.map((item) => {
      const body = typeof item === 'object' && item !== null ? toYaml(item, indent + '  ').trimStart() : scalar(item);
      return `${indent}- ${body}`;
    }).join('\n');
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return entries.map(([k, v]) => {
      if (typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0)) return `${indent}${k}:\n${toYaml(v, Array.isArray(v) ? indent : indent + '  ')}`;
      return `${indent}${k}: ${typeof v === 'object' ? toYaml(v) : scalar(v)}`;
    }).join('\n');
  }
  return scalar(value);
}

function templatePod(plan: AppPlan): Record<string, unknown> {
  const t = plan.template!;
  const executor = { name: actualExecutorContainerName(plan), ...(t.executorMounts.length ? { volumeMounts: t.executorMounts } : {}) };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    spec: {
      ...(t.initContainers.length ? { initContainers: t.initContainers } : {}),
      // Spark's container first: with no podTemplateContainerName set, Spark takes the first
      // container as its own (and moves it to the end of the pod's containers).
      containers: [executor, ...t.sidecars],
      ...(t.volumes.length ? { volumes: t.volumes } : {}),
    },
  };
}

export function submissionObjects(plan: AppPlan, id: AppIdentity, driverUid: string, at: Date): SubmissionObject[] {
  const owner = { ownerReferences: [driverOwnerReference(id.driverPodName, driverUid)] };
  const ns = plan.namespace;
  const cm = (name: string, data: Record<string, string>, labels: Record<string, string> = {}, extra: Record<string, unknown> = {}): SubmissionObject => ({
    path: `/api/v1/namespaces/${ns}/configmaps`,
    name,
    body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, labels: { [SPARK_APP_ID_LABEL]: id.appId, ...labels }, ...owner }, data, ...extra },
  });
  const objects = [cm(`spark-drv-${id.uniqueId}-conf-map`, { 'spark.properties': propertiesText(sparkProperties(plan, id), at) })];
  if (plan.template) objects.push(cm(`${id.prefix}-driver-podspec-conf-map`, { [TEMPLATE_FILE]: toYaml(templatePod(plan)) + '\n' }, {}, { immutable: true }));
  const port = (name: string, p: number) => ({ name, port: p, protocol: 'TCP', targetPort: p });
  objects.push({
    path: `/api/v1/namespaces/${ns}/services`,
    name: id.driverServiceName,
    body: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: id.driverServiceName, namespace: ns, labels: { [SPARK_APP_ID_LABEL]: id.appId }, ...owner },
      spec: {
        clusterIP: 'None',
        ipFamilyPolicy: 'SingleStack',
        ipFamilies: ['IPv4'],
        selector: baseLabels(plan, id, 'driver'),
        ports: [port('driver-rpc-port', DRIVER_PORT), port('blockmanager', BLOCK_MANAGER_PORT), port('spark-ui', UI_PORT)],
      },
    },
  });
  return objects;
}

/** The executor conf map the driver creates when it starts (labelled for its clean-up at stop). */
export function executorConfigMap(plan: AppPlan, id: AppIdentity, driverUid: string): SubmissionObject {
  const name = `spark-exec-${id.uniqueId}-conf-map`;
  return {
    path: `/api/v1/namespaces/${plan.namespace}/configmaps`,
    name,
    body: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: plan.namespace, labels: { [SPARK_APP_ID_LABEL]: id.appId, [SPARK_ROLE_LABEL]: 'executor' }, ownerReferences: [driverOwnerReference(id.driverPodName, driverUid)] },
      data: {},
    },
  };
}
