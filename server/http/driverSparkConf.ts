// The driver's Spark settings as spark-submit shipped them: the pod's `spark-conf-volume-driver`
// names the config map (spark-drv-…-conf-map) whose `spark.properties` holds them, and the
// pod template's config map beside it. Read with the dashboard's identity; a 403 becomes a
// MissingAccess, a missing map or key nothing.

import type { MissingAccess } from '../../lib/apiTypes';
import type { KubePod } from '../../lib/kube/types';
import type { KubeTransport } from '../kube/kubeTransport';
import { readOrExplain } from './appResources';

/** The config map a pod mounts as `volumeName`. */
export function configMapOf(pod: KubePod | undefined, volumeName: string): string | undefined {
  return pod?.spec?.volumes?.find((v) => v.name === volumeName)?.configMap?.name;
}

/** One key of a config map; null when the map or the key is missing or not readable (then `missing` says so). */
export async function readConfigMapKey(transport: KubeTransport, namespace: string, name: string, key: string, missing: MissingAccess[]): Promise<string | null> {
  const r = await readOrExplain(() => transport.getJson<{ data?: Record<string, string> }>(`/api/v1/namespaces/${namespace}/configmaps/${name}`),
    { what: `config map ${name}`, verb: 'get', resource: 'configmaps', namespace });
  if (r.missing) missing.push(r.missing);
  return r.value?.data?.[key] ?? null;
}

/** The text of the driver's spark.properties, or null. */
export async function readDriverProperties(transport: KubeTransport, namespace: string, driver: KubePod | undefined, missing: MissingAccess[]): Promise<string | null> {
  const map = configMapOf(driver, 'spark-conf-volume-driver');
  return map ? readConfigMapKey(transport, namespace, map, 'spark.properties', missing) : null;
}
