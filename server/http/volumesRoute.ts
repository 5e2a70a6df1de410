// GET /api/apps/:namespace/:appId/volumes: every volume and mount of the application's pods,
// grouped, with the Spark settings that produce them, its claims with Spark's reuse verdict,
// findings, and the pod templates (Spark's own fields versus the template's).

import yaml from 'js-yaml';
import type { AppVolumesResponse, MissingAccess } from '../../lib/apiTypes';
import { redactPod, type RedactionOptions } from '../../lib/kube/redactPod';
import type { KubePod } from '../../lib/kube/types';
import { analyzePodTemplate } from '../../lib/podTemplate/templateFields';
import { executorIdOf, sparkRoleOf } from '../../lib/spark/labels';
import { parseJavaProperties } from '../../lib/spark/properties';
import { applicationVolumes } from '../../lib/volumes/applicationVolumes';
import type { KubeTransport } from '../kube/kubeTransport';
import type { ClaimStore } from '../store/namespacedObjects';
import { type AppPodsReader, listIn, type PanelLoads, ShortCache } from './appResources';
import { configMapOf, readConfigMapKey, readDriverProperties } from './driverSparkConf';

export interface VolumesDeps {
  transport: KubeTransport;
  appPods: AppPodsReader;
  claims: ClaimStore;
  claimsReadable: () => boolean;
  containerNames: { executor: string; driver: string };
  checkAllContainers: boolean;
  redaction: RedactionOptions;
  panelLoads: PanelLoads;
}

export function createVolumesRoute(deps: VolumesDeps) {
  const cache = new ShortCache<AppVolumesResponse>(2000);

  async function load(namespace: string, appId: string): Promise<AppVolumesResponse> {
    const missing: MissingAccess[] = [];
    const podsRead = await deps.appPods.get(namespace, appId);
    if (podsRead.missing) missing.push(podsRead.missing);
    const pods = podsRead.value ?? [];
    let claims = deps.claims.inNamespace(namespace);
    if (!deps.claimsReadable()) {
      const listed = await listIn<(typeof claims)[number]>(deps.transport, `/api/v1/namespaces/${namespace}/persistentvolumeclaims`,
        { what: 'persistent volume claims', verb: 'list', resource: 'persistentvolumeclaims', namespace });
      if (listed.missing) missing.push(listed.missing);
      claims = listed.value ?? [];
    }
    const drivers = pods.filter((p) => sparkRoleOf(p) === 'driver');
    const driver = drivers.sort((a, b) => (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? ''))[0];
    const executors = pods.filter((p) => sparkRoleOf(p) === 'executor');
    const latestExecutor = [...executors].sort((a, b) => {
      const ia = executorIdOf(a), ib = executorIdOf(b);
      return (ib.kind === 'id' ? ib.id : -1) - (ia.kind === 'id' ? ia.id : -1);
    })[0];
    const appFinished = !driver || ['Succeeded', 'Failed'].includes(driver.status?.phase ?? '') || !!driver.metadata?.deletionTimestamp;

    // Spark ships the executor pod template and its own settings to the driver in config maps.
    const templateMap = configMapOf(driver, 'pod-template-volume');
    const templateText = templateMap ? await readConfigMapKey(deps.transport, namespace, templateMap, 'pod-spec-template.yml', missing) : null;
    const propsText = await readDriverProperties(deps.transport, namespace, driver, missing);
    const props = propsText ? parseJavaProperties(propsText) : null;
    let template: KubePod | null = null;
    try {
      template = templateText ? redactPod(yaml.load(templateText) as KubePod, deps.redaction) : null;
    } catch {
      template = null;
    }
    // The template's own text may hold literal env values: unless they may be shown, send it
    // as the redacted object (its comments and layout are lost, its secrets too).
    const templateSource = deps.redaction.envValues || !templateText ? templateText
      : template ? yaml.dump(template, { lineWidth: 120, noRefs: true }) : '# The pod template could not be parsed, so its text is not shown (it may hold environment values).\n';

    const volumes = applicationVolumes({ appId, pods, claims, appFinished, now: Date.now() }, {
      checkAllContainers: deps.checkAllContainers, executorContainerName: deps.containerNames.executor, driverContainerName: deps.containerNames.driver,
    });
    const setting = (role: 'driver' | 'executor') => (props ? props[`spark.kubernetes.${role}.podTemplateContainerName`] ?? null : undefined);
    return {
      ...volumes,
      podsSeen: pods.length,
      templates: {
        driver: driver ? analyzePodTemplate({ role: 'driver', pod: driver, template: null, sparkContainerName: setting('driver') || deps.containerNames.driver, templateContainerNameSetting: setting('driver') }) : null,
        executor: latestExecutor ? analyzePodTemplate({ role: 'executor', pod: latestExecutor, template, sparkContainerName: setting('executor') || deps.containerNames.executor, templateContainerNameSetting: setting('executor') }) : null,
      },
      executorTemplateSource: templateSource,
      missingAccess: missing,
      at: Date.now(),
    };
  }

  return {
    get: (namespace: string, appId: string) => cache.get(`${namespace}/${appId}`, () => deps.panelLoads(() => load(namespace, appId))),
    invalidate: (namespace: string, appId: string) => cache.invalidate(`${namespace}/${appId}`),
  };
}
