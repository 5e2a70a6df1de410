// The links out of an application page: its driver's Spark UI while the driver runs, the Spark
// History Server once it ended, from the operator's URL templates (--spark-ui-url,
// --history-server-url). `{driverService}` is the Service Spark made for the driver, read from
// an executor's SPARK_DRIVER_URL (the driver pod does not name it), one API read per
// application a minute. A link is offered only when the driver is in the state it needs and
// every value the template uses is known.

import { LRUCache } from 'lru-cache';
import type { AppLinks } from '../../lib/apiTypes';
import type { KubeList, KubePod } from '../../lib/kube/types';
import { driverServiceOf, expandUrlTemplate, parseUrlTemplate, type UrlTemplate } from '../../lib/links/urlTemplate';
import type { AppSummary } from '../../lib/snapshot/appSummary';
import type { KubeTransport } from '../kube/kubeTransport';

export interface SparkLinkOptions {
  sparkUiUrl: string | undefined;
  historyServerUrl: string | undefined;
  executorContainerName: string;
}

const SERVICE_TTL_MS = 60_000;

const template = (text: string | undefined): UrlTemplate | null => {
  if (!text) return null;
  const t = parseUrlTemplate(text);
  // The settings were checked at start-up; a bad one here is a programming error.
  if ('error' in t) throw new Error(`bad URL template ${text}: ${t.error}`);
  return t;
};

export interface SparkLinks {
  /** Nothing to offer at all (no template configured): no API read, no field in answers. */
  readonly configured: boolean;
  linksFor(cluster: string, summary: AppSummary | null, transport: KubeTransport | null): Promise<AppLinks>;
}

export function createSparkLinks(options: SparkLinkOptions): SparkLinks {
  const sparkUi = template(options.sparkUiUrl);
  const historyServer = template(options.historyServerUrl);
  const services = new LRUCache<string, { service: string | null }>({ max: 5000, ttl: SERVICE_TTL_MS });

  async function driverService(cluster: string, namespace: string, appId: string, transport: KubeTransport): Promise<string | null> {
    const key = `${cluster}/${namespace}/${appId}`;
    const cached = services.get(key);
    if (cached) return cached.service;
    let service: string | null = null;
    try {
      const list = await transport.getJson<KubeList<KubePod>>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, {
        labelSelector: `spark-app-selector=${appId},spark-role=executor`, limit: 1,
      }, 10_000);
      const container = list.items?.[0]?.spec?.containers?.find((c) => c.name === options.executorContainerName);
      service = driverServiceOf(container?.env?.find((e) => e.name === 'SPARK_DRIVER_URL')?.value, namespace);
    } catch {
      // Not readable now: no link that needs it, asked again after the TTL.
    }
    services.set(key, { service });
    return service;
  }

  return {
    configured: !!(sparkUi || historyServer),
    async linksFor(cluster, summary, transport) {
      const links: AppLinks = { sparkUi: null, historyServer: null };
      const driver = summary?.driver;
      if (!summary || !driver) return links;
      const values = { cluster, namespace: summary.namespace, appId: summary.appId, appName: summary.appName, driverService: null as string | null };
      if (sparkUi && driver.state === 'running' && !driver.deleting && !driver.gone && transport) {
        if (sparkUi.uses.includes('driverService')) values.driverService = await driverService(cluster, summary.namespace, summary.appId, transport);
        links.sparkUi = expandUrlTemplate(sparkUi, values);
      }
      // Ended (its driver finished, or went): the History Server has it if it wrote event logs.
      const ended = driver.state === 'succeeded' || driver.state === 'failed' || driver.state === 'deleted' || summary.present === 0;
      if (historyServer && ended) links.historyServer = expandUrlTemplate(historyServer, { ...values, driverService: null });
      return links;
    },
  };
}
