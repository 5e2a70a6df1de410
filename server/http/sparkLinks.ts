// The links out of an application page: its driver's Spark UI while the driver runs, the Spark
// History Server once it ended, from the operator's URL templates (--spark-ui-url,
// --history-server-url), and the same UI through the dashboard itself (--spark-ui-proxy).
// `{driverService}` is the Service Spark made for the driver (driverUiLocator). A link is
// offered only when the driver is in the state it needs and every value the template uses is
// known; the proxied one only when, besides, the dashboard may `get services/proxy` there.

import type { AppLinks } from '../../lib/apiTypes';
import { sparkUiProxyHref } from '../../lib/links/sparkUiProxyPaths';
import { expandUrlTemplate, parseUrlTemplate, type UrlTemplate } from '../../lib/links/urlTemplate';
import type { AppSummary } from '../../lib/snapshot/appSummary';
import type { KubeTransport } from '../kube/kubeTransport';
import type { DriverUiLocator } from './driverUiLocator';
import type { ServiceProxyAccess } from './serviceProxyAccess';

export interface SparkLinkOptions {
  sparkUiUrl: string | undefined;
  historyServerUrl: string | undefined;
  locator: DriverUiLocator;
  /** --spark-ui-proxy: the UI through the dashboard's route under `basePath` (null: off). */
  sparkUiProxy: { basePath: string; access: ServiceProxyAccess } | null;
}

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
  const proxy = options.sparkUiProxy;

  return {
    configured: !!(sparkUi || historyServer || proxy),
    async linksFor(cluster, summary, transport) {
      const links: AppLinks = { sparkUi: null, historyServer: null, sparkUiProxy: null };
      const driver = summary?.driver;
      if (!summary || !driver) return links;
      const values = { cluster, namespace: summary.namespace, appId: summary.appId, appName: summary.appName, driverService: null as string | null };
      const ref = { cluster, namespace: summary.namespace, appId: summary.appId, driverName: driver.name, driverUid: driver.uid };
      if (driver.state === 'running' && !driver.deleting && !driver.gone && transport) {
        if (sparkUi) {
          if (sparkUi.uses.includes('driverService')) values.driverService = (await options.locator.locate(ref, transport))?.service ?? null;
          links.sparkUi = expandUrlTemplate(sparkUi, values);
        }
        if (proxy && await proxy.access.mayProxy(cluster, summary.namespace, transport) && await options.locator.locate(ref, transport)) {
          links.sparkUiProxy = sparkUiProxyHref(proxy.basePath, cluster, summary.namespace, summary.appId);
        }
      }
      // Ended (its driver finished, or went): the History Server has it if it wrote event logs.
      const ended = driver.state === 'succeeded' || driver.state === 'failed' || driver.state === 'deleted' || summary.present === 0;
      if (historyServer && ended) links.historyServer = expandUrlTemplate(historyServer, { ...values, driverService: null });
      return links;
    },
  };
}
