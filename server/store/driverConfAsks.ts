// What one executor of an application will ask, read from its driver's Spark conf, for the
// applications that have no executor pod to read it from (a quota can refuse every one of
// them, so none ever exists). Read once per driver in the background — the driver pod names
// its spark-drv-…-conf-map, whose spark.properties gives cores and memory
// (lib/spark/executorAsk.ts) — and kept for as long as the driver is one of the most recent
// few thousand: spark-submit writes the conf once. A driver without a readable conf (no map,
// 404, 403) has no ask; other failures are tried again after a minute. `onChange` says when
// an ask became known, so the application's why is computed again.

import pLimit from 'p-limit';
import { podResources, type PodResources } from '../../lib/kube/podResources';
import type { KubePod } from '../../lib/kube/types';
import { executorAskFromConf } from '../../lib/spark/executorAsk';
import { parseJavaProperties } from '../../lib/spark/properties';
import type { MissingAccess } from '../../lib/apiTypes';
import { readOrExplain } from '../http/appResources';
import { readDriverProperties } from '../http/driverSparkConf';
import { describeNetworkError, type KubeTransport } from '../kube/kubeTransport';
import type { Logger } from '../log';

export interface ConfAsk {
  /** What the executor pod's containers will ask, as the pod would state it. */
  resources: PodResources;
  /** Settings Spark refuses (it then creates no executor at all). */
  problems: string[];
}

export interface DriverConfAsksOptions {
  transport: KubeTransport;
  now: () => number;
  executorContainerName: string;
  maxDrivers?: number;
}

type Entry = { state: 'loading' } | { state: 'known'; ask: ConfAsk | null } | { state: 'failed'; at: number };

const RETRY_MS = 60_000;

export class DriverConfAsks {
  /** By driver pod uid; Map order = oldest first. */
  private readonly entries = new Map<string, Entry>();
  private readonly limit = pLimit(2);
  private readonly listeners = new Set<(namespace: string, driverUid: string) => void>();

  constructor(private readonly options: DriverConfAsksOptions, private readonly log: Logger) {}

  onChange(listener: (namespace: string, driverUid: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The ask when known (null: the driver's conf gives none); undefined while it is being read, which this starts. */
  get(namespace: string, driver: { uid: string; name: string }): ConfAsk | null | undefined {
    const entry = this.entries.get(driver.uid);
    if (entry?.state === 'known') return entry.ask;
    if (entry?.state === 'loading' || (entry?.state === 'failed' && this.options.now() - entry.at < RETRY_MS)) return undefined;
    this.entries.set(driver.uid, { state: 'loading' });
    while (this.entries.size > (this.options.maxDrivers ?? 5000)) this.entries.delete(this.entries.keys().next().value!);
    void this.limit(() => this.read(namespace, driver));
    return undefined;
  }

  private async read(namespace: string, driver: { uid: string; name: string }): Promise<void> {
    try {
      const missing: MissingAccess[] = [];
      const pod = await readOrExplain(() => this.options.transport.getJson<KubePod>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(driver.name)}`, undefined, 15_000),
        { what: 'the driver pod', verb: 'get', resource: 'pods', namespace });
      // Another pod now has the name: its conf is not this driver's.
      const found = pod.value && pod.value.metadata?.uid === driver.uid ? pod.value : undefined;
      const text = found ? await readDriverProperties(this.options.transport, namespace, found, missing) : null;
      let ask: ConfAsk | null = null;
      if (text !== null) {
        const conf = executorAskFromConf(parseJavaProperties(text));
        const resources = podResources({ spec: { containers: [{ name: this.options.executorContainerName, resources: { requests: conf.requests, limits: conf.limits } }] } });
        ask = { resources, problems: conf.problems };
      }
      this.entries.set(driver.uid, { state: 'known', ask });
      if (ask) for (const l of this.listeners) l(namespace, driver.uid);
    } catch (e) {
      this.entries.set(driver.uid, { state: 'failed', at: this.options.now() });
      this.log.once('warn', `driver-conf:${namespace}`, "a driver's Spark conf could not be read; executors' asks are known only from their pods there", { namespace, error: describeNetworkError(e) });
    }
  }
}
