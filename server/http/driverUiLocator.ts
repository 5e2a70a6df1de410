// Where a running driver's Spark UI listens, as the API server's service proxy reaches it: the
// Service spark-submit made for the driver (`<prefix>-driver-svc`) and the UI port. Read from
// the driver's spark.properties (spark.driver.host, spark.ui.port, spark.ui.enabled) when the
// dashboard may read its config map, else the Service from an executor's SPARK_DRIVER_URL
// (the driver pod does not name it) and Spark's default port. One look-up per driver a minute.

import { LRUCache } from 'lru-cache';
import type { KubeList, KubePod } from '../../lib/kube/types';
import { DEFAULT_SPARK_UI_PORT } from '../../lib/links/sparkUiProxyPaths';
import { driverServiceOf, driverServiceOfHost } from '../../lib/links/urlTemplate';
import { parseJavaProperties } from '../../lib/spark/properties';
import type { MissingAccess } from '../../lib/apiTypes';
import type { KubeTransport } from '../kube/kubeTransport';
import { readDriverProperties } from './driverSparkConf';

export interface DriverUi {
  service: string;
  port: number;
}

export interface DriverRef {
  cluster: string;
  namespace: string;
  appId: string;
  /** The driver pod's name and uid (a resubmitted driver is another look-up). */
  driverName: string;
  driverUid: string;
}

export interface DriverUiLocator {
  /** The driver's UI, or null when the dashboard cannot tell (or the application turned the UI off). */
  locate(driver: DriverRef, transport: KubeTransport): Promise<DriverUi | null>;
}

const TTL_MS = 60_000;

/** spark.ui.port as Spark reads it: 0 picks a free port at random, so nothing outside can know it. */
function uiPortOf(props: Record<string, string>): number | null {
  const text = props['spark.ui.port'];
  if (text === undefined) return DEFAULT_SPARK_UI_PORT;
  const port = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  return port >= 1 && port <= 65_535 ? port : null;
}

export function createDriverUiLocator(options: { executorContainerName: string }): DriverUiLocator {
  const found = new LRUCache<string, { ui: DriverUi | null }>({ max: 5000, ttl: TTL_MS });

  /** What the driver's spark.properties says, or null when they cannot be read. */
  async function fromConf(ref: DriverRef, transport: KubeTransport): Promise<{ disabled: boolean; service: string | null; port: number | null } | null> {
    const path = `/api/v1/namespaces/${encodeURIComponent(ref.namespace)}/pods/${encodeURIComponent(ref.driverName)}`;
    const pod = await transport.getJson<KubePod>(path, undefined, 10_000).catch(() => null);
    if (!pod || pod.metadata?.uid !== ref.driverUid) return null;
    const missing: MissingAccess[] = [];
    const text = await readDriverProperties(transport, ref.namespace, pod, missing).catch(() => null);
    if (text === null) return null;
    const props = parseJavaProperties(text);
    return { disabled: props['spark.ui.enabled']?.trim() === 'false', service: driverServiceOfHost(props['spark.driver.host'], ref.namespace), port: uiPortOf(props) };
  }

  async function fromExecutor(ref: DriverRef, transport: KubeTransport): Promise<string | null> {
    const list = await transport.getJson<KubeList<KubePod>>(`/api/v1/namespaces/${encodeURIComponent(ref.namespace)}/pods`, {
      labelSelector: `spark-app-selector=${ref.appId},spark-role=executor`, limit: 1,
    }, 10_000).catch(() => null);
    const container = list?.items?.[0]?.spec?.containers?.find((c) => c.name === options.executorContainerName);
    return driverServiceOf(container?.env?.find((e) => e.name === 'SPARK_DRIVER_URL')?.value, ref.namespace);
  }

  async function look(ref: DriverRef, transport: KubeTransport): Promise<DriverUi | null> {
    const conf = await fromConf(ref, transport);
    if (conf?.disabled || conf?.port === null) return null;
    const service = conf?.service ?? await fromExecutor(ref, transport);
    return service ? { service, port: conf?.port ?? DEFAULT_SPARK_UI_PORT } : null;
  }

  return {
    async locate(ref, transport) {
      const key = `${ref.cluster}/${ref.namespace}/${ref.appId}/${ref.driverUid}`;
      const cached = found.get(key);
      if (cached) return cached.ui;
      // Not readable now: nothing that needs it is offered, and it is asked again after the TTL.
      const ui = await look(ref, transport);
      found.set(key, { ui });
      return ui;
    },
  };
}
