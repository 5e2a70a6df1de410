// The JSON API's answers about one cluster: an application with its driver and executors,
// the driver and its log, every executor's transitions, counts over time, one pod (read from
// the API on demand, redacted), and the volumes and RBAC panels. Only Spark pods of watched
// namespaces are ever read or served; a panel of an application the engine does not know
// costs no Kubernetes API call.

import type { AppDetailResponse, AppEventsResponse, AppDriverResponse, AppHistoryResponse, AppRbacResponse, AppVolumesResponse, AppWhyResponse, CountsResponse, PodResponse, PodWhy, WhySummaryResponse } from '../../lib/apiTypes';
import { LRUCache } from 'lru-cache';
import { errorCore } from '../../lib/operator/errorText';
import { operatorAppId } from '../../lib/operator/operatorApp';
import { groupCauses, podCause, type PodCause } from '../../lib/why/podCause';
import { checkLimitRanges, checkQuotas, type QuotaFinding } from '../../lib/why/quotaCheck';
import type { PodResources } from '../../lib/kube/podResources';
import { redactPod, type RedactionOptions } from '../../lib/kube/redactPod';
import type { KubeList, KubePod } from '../../lib/kube/types';
import { bucketSamples } from '../../lib/series/countSeries';
import { appKey } from '../../lib/snapshot/appSummary';
import { executorView, transitionsOf, type ExecutorView } from '../../lib/snapshot/executorView';
import { createAppPodsReader, createPanelLoads, type PanelLoads } from '../http/appResources';
import { HttpError } from '../http/httpError';
import { createRbacRoute } from '../http/rbacRoute';
import { createVolumesRoute } from '../http/volumesRoute';
import { KubeApiError } from '../kube/kubeTransport';
import type { PodRecord } from '../store/podRecords';
import type { ClusterEngine } from './clusterEngine';

export interface ReadOptions {
  labelSelector: string;
  containerNames: { executor: string; driver: string };
  checkAllContainers: boolean;
  redaction: RedactionOptions;
  /** Shared by every cluster: panel loads across the whole dashboard are bounded together. */
  panelLoads?: PanelLoads;
}

/** The overview's causes are computed again at most this often, however many browsers ask. */
const WHY_SUMMARY_MS = 5000;
/** At most this many events in one application's answer (the newest pods' first): a few hundred KB. */
const APP_EVENTS_MAX = 4000;
/** One application's causes are reused this long (a 10,000-executor application costs a few ms to explain). */
const WHY_APP_MS = 1500;

export interface SeriesQuery { from?: number; to?: number; points?: number }

export function createClusterReads(engine: ClusterEngine, options: ReadOptions) {
  const { core, transport } = engine;
  const panelLoads = options.panelLoads ?? createPanelLoads();
  const appPods = createAppPodsReader(transport, options.redaction);
  const volumes = createVolumesRoute({
    transport, appPods, claims: engine.claims, containerNames: options.containerNames, checkAllContainers: options.checkAllContainers,
    redaction: options.redaction, panelLoads, claimsReadable: () => engine.claimsReadable(),
  });
  const rbac = createRbacRoute({ transport, appPods, claims: engine.claims, panelLoads });
  // An application's volumes change with its claims and with the executors that come or go.
  const volumesChanged = (namespace: string, appId: string) => {
    appPods.invalidate(namespace, appId);
    volumes.invalidate(namespace, appId);
  };

  const viewOf = (r: PodRecord): ExecutorView => {
    const view = executorView(r.version.row, {
      cluster: engine.id, namespace: r.version.namespace, appId: r.version.appId, finalPod: r.finalPod,
      sparkContainerName: r.version.row.role === 'driver' ? options.containerNames.driver : options.containerNames.executor,
    });
    // A pod taken back from the record after a restart: its words were recorded with it.
    return !r.finalPod && r.restoredExit ? { ...view, ...r.restoredExit } : view;
  };

  const eventsOf = (r: PodRecord) => engine.events.eventsOf(r.uid, r.version.namespace, r.version.claimNames);
  const causeOf = (r: PodRecord, events = eventsOf(r)): PodCause | null => podCause({
    state: r.version.row.state, reason: r.version.row.reason, waiting: r.version.waiting, events, since: r.version.row.since, now: engine.now(),
  });
  const whyOf = (r: PodRecord): PodWhy => {
    const events = eventsOf(r);
    return { cause: causeOf(r, events), events, logTail: engine.logTails.get(r.uid), eventsProblem: eventsProblem() };
  };
  const eventsProblem = (): string | null => {
    if (engine.eventsReadable()) return null;
    const failing = engine.eventWatches.map((w) => w.tracker.health).find((h) => h.state === 'retrying' && h.lastError);
    if (!failing?.lastError) return 'Events are being listed.';
    if (failing.lastError.status === 403) return `The dashboard may not list events in ${failing.namespace === '*' ? 'the cluster' : failing.namespace} (grant list and watch on events): causes the scheduler and kubelet report only as events are missing.`;
    return `Events cannot be read: ${failing.lastError.message}`;
  };

  let whyCache: { at: number; apps: WhySummaryResponse['apps'] } | null = null;
  const whyByApp = new LRUCache<string, AppWhyResponse>({ max: 256, ttl: WHY_APP_MS });

  const known = (namespace: string, appId: string): PodRecord[] => {
    const records = core.appRecords(namespace, appId);
    if (!records.length) throw new HttpError(404, `no Spark application ${appId} in namespace ${namespace} of cluster ${engine.name}`, { cluster: engine.id, namespace, appId });
    return records;
  };

  const watched = (namespace: string) => engine.namespaces.includes('*') || engine.namespaces.includes(namespace);

  function driverParts(namespace: string, appId: string) {
    const records = known(namespace, appId);
    const plain = engine.scopes.summary(namespace, appId);
    const summary = plain && engine.operators.decorate(plain);
    const drivers = records.filter((r) => r.version.row.role === 'driver').map(viewOf);
    const driver = drivers.find((d) => d.uid === summary?.driver?.uid) ?? drivers[0] ?? null;
    return { records, summary, driver, otherDrivers: drivers.filter((d) => d !== driver), driverLog: engine.driverLog.entries(namespace, appId) };
  }

  /** Why an application's pods are not running, from the pods themselves and the events about them (one answer per app for a second or two, however many pages ask). */
  function explainApp(namespace: string, appId: string): AppWhyResponse {
    const cacheKey = `${namespace}/${appId}`;
    const cached = whyByApp.get(cacheKey);
    if (cached) return cached;
    const records = known(namespace, appId);
    const summary = engine.scopes.summary(namespace, appId);
    const causes: PodCause[] = [];
    const index = new Map<string, number>();
    const pods: Record<string, number> = {};
    const forGroups: { name: string; state: PodRecord['version']['row']['state']; cause: PodCause | null }[] = [];
    for (const r of records) {
      const cause = causeOf(r);
      if (r.version.row.role !== 'driver') forGroups.push({ name: r.version.row.name, state: r.version.row.state, cause });
      if (!cause) continue;
      const key = JSON.stringify([cause.kind, cause.text, cause.message]);
      let i = index.get(key);
      if (i === undefined) { i = causes.length; causes.push(cause); index.set(key, i); }
      pods[r.uid] = i;
    }
    const driverRecord = records.find((r) => r.uid === summary?.driver?.uid) ?? records.find((r) => r.version.row.role === 'driver');
    const driverRow = driverRecord?.version.row;
    const driverLive = !!driverRow && !driverRow.gone && (driverRow.state === 'running' || driverRow.state === 'pending');
    // One more executor asks what the newest executor pod asks.
    let newest: PodRecord | null = null;
    for (const r of records) {
      if (r.version.row.role !== 'executor' || !r.version.resources) continue;
      if (!newest || (r.version.row.createdAt ?? 0) >= (newest.version.row.createdAt ?? 0)) newest = r;
    }
    let ask: PodResources | null = newest?.version.resources ?? null;
    let askFrom: AppWhyResponse['askFrom'] = ask ? 'executor-pod' : null;
    // Before any executor pod exists (a quota may refuse them all), what the driver's conf
    // makes Spark ask; read in the background, and this answer dropped once it is known.
    if (!ask && driverRecord && driverLive) {
      const fromConf = engine.confAsks.get(namespace, { uid: driverRecord.uid, name: driverRow!.name });
      if (fromConf) { ask = fromConf.resources; askFrom = 'driver-conf'; }
    }
    const refusals: QuotaFinding[] = ask ? [
      ...checkQuotas(engine.quotas.inNamespace(namespace), { resources: ask }),
      ...checkLimitRanges(engine.limitRanges.inNamespace(namespace), { resources: ask }),
    ] : [];
    const answer: AppWhyResponse = {
      key: appKey(engine.id, namespace, appId), at: engine.now(), groups: groupCauses(forGroups), causes, pods,
      driver: driverRecord ? { uid: driverRecord.uid, name: driverRecord.version.row.name, ...whyOf(driverRecord) } : null,
      refusals, askFrom, driverLogRefusals: engine.driverLogScan.get(namespace, appId), quotasReadable: engine.quotasReadable(),
      eventsReadable: engine.eventsReadable(), eventsProblem: eventsProblem(),
    };
    whyByApp.set(cacheKey, answer);
    return answer;
  }

  return {
    volumesChanged,
    viewOf,
    /** Drop the application's cached causes: the next answer is computed from what changed. */
    whyChanged: (namespace: string, appId: string) => { whyByApp.delete(`${namespace}/${appId}`); },

    app(namespace: string, appId: string): AppDetailResponse {
      const { records, ...rest } = driverParts(namespace, appId);
      return { ...rest, executors: records.filter((r) => r.version.row.role !== 'driver').map(viewOf), health: { ...engine.health(), name: engine.name } };
    },

    /** What the application page needs besides its live rows: no executor views (10,000 of them are megabytes). */
    appDriver(namespace: string, appId: string): AppDriverResponse {
      const { records: _records, ...rest } = driverParts(namespace, appId);
      return rest;
    },

    /** An operator application without pods: no pod to explain (its operator's error is on its operator panel). */
    podlessWhy(namespace: string, appId: string): AppWhyResponse {
      return {
        key: appKey(engine.id, namespace, appId), at: engine.now(), groups: [], causes: [], pods: {}, driver: null, refusals: [], askFrom: null,
        driverLogRefusals: null, quotasReadable: engine.quotasReadable(), eventsReadable: engine.eventsReadable(), eventsProblem: eventsProblem(),
      };
    },

    podlessEvents(namespace: string, appId: string): AppEventsResponse {
      return { key: appKey(engine.id, namespace, appId), at: engine.now(), pods: [], truncated: false, eventsReadable: engine.eventsReadable(), eventsProblem: eventsProblem() };
    },

    appHistory(namespace: string, appId: string): AppHistoryResponse {
      return {
        key: appKey(engine.id, namespace, appId),
        pods: known(namespace, appId).map((r) => ({ uid: r.uid, name: r.version.row.name, role: r.version.row.role, executorId: r.version.row.executorId, transitions: transitionsOf(r.version.row) })),
        driverLog: engine.driverLog.entries(namespace, appId),
      };
    },

    appCounts(namespace: string, appId: string, query: SeriesQuery): CountsResponse {
      const key = appKey(engine.id, namespace, appId);
      return { key, ...series(engine.counts.forApp(key), query) };
    },

    /**
     * Why its pods are not running, for a person who asked: also has its running driver's log
     * read for refused executors (at most once a minute), which the overview's summary does
     * only for applications that look starved (DriverLogScan's sweep).
     */
    appWhy(namespace: string, appId: string): AppWhyResponse {
      const answer = explainApp(namespace, appId);
      const driver = engine.scopes.summary(namespace, appId)?.driver;
      // Executors refused already leave no pod, only lines in the running driver's log.
      if (driver && !driver.gone && driver.state === 'running') engine.driverLogScan.request(namespace, appId, { name: driver.name, running: true });
      return answer;
    },

    /** Every event kept about the application's pods and their claims (newest pods first when there are too many). */
    appEvents(namespace: string, appId: string): AppEventsResponse {
      const records = known(namespace, appId);
      const withEvents = records.map((r) => ({ r, events: eventsOf(r) })).filter((x) => x.events.length > 0);
      withEvents.sort((a, b) => b.events[b.events.length - 1].last - a.events[a.events.length - 1].last);
      let budget = APP_EVENTS_MAX;
      const pods: AppEventsResponse['pods'] = [];
      for (const { r, events } of withEvents) {
        if (budget <= 0) break;
        const kept = events.length > budget ? events.slice(-budget) : events;
        budget -= kept.length;
        pods.push({ uid: r.uid, name: r.version.row.name, role: r.version.row.role, executorId: r.version.row.executorId, events: kept });
      }
      return {
        key: appKey(engine.id, namespace, appId), at: engine.now(), pods, truncated: withEvents.reduce((n, x) => n + x.events.length, 0) > APP_EVENTS_MAX,
        eventsReadable: engine.eventsReadable(), eventsProblem: eventsProblem(),
      };
    },

    /** Each application's first cause (the driver's, else its largest group), computed at most every few seconds. */
    whySummary(): WhySummaryResponse['apps'] {
      const now = engine.now();
      if (whyCache && now - whyCache.at < WHY_SUMMARY_MS) return whyCache.apps;
      const apps: WhySummaryResponse['apps'] = {};
      for (const s of engine.scopes.summaries()) {
        const driverDown = !!s.driver && s.driver.state !== 'running' && s.driver.state !== 'succeeded';
        const quotaHere = engine.quotas.inNamespace(s.namespace).length + engine.limitRanges.inNamespace(s.namespace).length > 0;
        const logged = s.driver?.state === 'running' ? engine.driverLogScan.get(s.namespace, s.appId)?.failures[0] : undefined;
        if (!driverDown && !quotaHere && !logged && s.counts.pending + s.counts.failed + s.counts.unknown + s.counts.terminating === 0) continue;
        const why = explainApp(s.namespace, s.appId);
        const refused = s.driver?.state === 'running' ? why.refusals.find((f) => f.refused) : undefined;
        const exception = why.driver?.logTail?.exception;
        if (why.driver?.cause && driverDown) {
          apps[s.key] = { state: s.driver!.state, kind: why.driver.cause.kind, text: why.driver.cause.text, count: 1, example: why.driver.name, role: 'driver' };
        } else if (exception && driverDown) {
          const text = `${exception.type.slice(exception.type.lastIndexOf('.') + 1)}${exception.message ? `: ${exception.message}` : ''}`.slice(0, 240);
          apps[s.key] = { state: s.driver!.state, kind: 'event', text, count: 1, example: why.driver!.name, role: 'driver', fromLog: true };
        } else if (logged) {
          // What the API answered the driver beats what the quotas predict: "exceeded quota: compute, requested: …".
          const kind = logged.kind === 'quota' || logged.kind === 'forbidden' ? 'quota' : 'config';
          apps[s.key] = { state: 'pending', kind, text: (logged.message ?? logged.text).slice(0, 240), count: 0, example: logged.pod ?? s.driver!.name, role: 'quota', fromLog: true };
        } else if (refused) {
          apps[s.key] = { state: 'pending', kind: 'quota', text: refused.text, count: 0, example: refused.object, role: 'quota' };
        } else if (why.groups[0]) {
          apps[s.key] = { ...why.groups[0], role: 'executor' };
        }
      }
      // What the operator recorded, where the pods tell nothing (a failed submission has none).
      for (const app of engine.operators.apps()) {
        if (!app.errorMessage || !['failed', 'submission-failed', 'failing', 'pending-rerun'].includes(app.phase)) continue;
        const joined = engine.operators.joinedAppId(app);
        const key = appKey(engine.id, app.namespace, joined ?? operatorAppId(app.name));
        if (apps[key]) continue;
        apps[key] = {
          state: app.phase === 'pending-rerun' ? 'pending' : 'failed', kind: app.phase === 'submission-failed' ? 'submission' : 'event',
          text: errorCore(app.errorMessage).slice(0, 240), count: 0, example: app.name, role: 'operator',
        };
      }
      whyCache = { at: now, apps };
      return apps;
    },

    async appVolumes(namespace: string, appId: string): Promise<AppVolumesResponse> {
      known(namespace, appId);
      return volumes.get(namespace, appId);
    },

    async appRbac(namespace: string, appId: string): Promise<AppRbacResponse> {
      known(namespace, appId);
      return rbac.get(namespace, appId);
    },

    async pod(namespace: string, name: string): Promise<PodResponse> {
      // Outside the watched namespaces, or not a Spark pod: the same answer as a pod that does
      // not exist, so the endpoint cannot be used to learn what else the cluster holds.
      const notFound = () => new HttpError(404, `no Spark pod ${name} in namespace ${namespace} (the dashboard serves only Spark pods of the namespaces it watches)`);
      if (!watched(namespace)) throw notFound();
      const record = core.findPod(namespace, name);
      const view = record ? viewOf(record) : null;
      let found: KubePod | null;
      try {
        // The API server matches the label selector: only a Spark pod can come back.
        const list = await transport.getJson<KubeList<KubePod>>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, {
          fieldSelector: `metadata.name=${name}`, labelSelector: options.labelSelector,
        }, 15_000);
        found = list.items?.[0] ?? null;
      } catch (e) {
        const err = e instanceof KubeApiError ? e : null;
        if (err?.status === 403) throw new HttpError(403, `the dashboard may not read pods in ${namespace}: ${err.message}`, { missingPermission: { verb: 'list', resource: 'pods', namespace } });
        throw new HttpError(502, `the Kubernetes API did not return the pod: ${err?.message ?? String(e)}`, { view });
      }
      const why = record ? whyOf(record) : undefined;
      if (!found) {
        if (record) return { pod: record.finalPod, view, why, inCluster: false, note: 'This pod is no longer in the cluster; showing what the dashboard kept of it.' };
        throw notFound();
      }
      const pod = redactPod(found, options.redaction);
      if (record && pod.metadata?.uid && pod.metadata.uid !== record.uid) {
        // Same name, new pod: the executor we know is gone and a new one took its name.
        return { pod, view: null, note: 'A different pod now has this name; the executor you opened is no longer in the cluster.', lastKnown: record.finalPod, lastKnownView: view, why };
      }
      return { pod, view, why, inCluster: true };
    },
  };
}

export type ClusterReads = ReturnType<typeof createClusterReads>;

/** At most `points` samples of `samples` in [from, to] (default: the last 30 minutes). */
export function series(samples: number[][], query: SeriesQuery, now = Date.now()): Omit<CountsResponse, 'key'> {
  const to = query.to || now;
  const from = query.from || to - 30 * 60_000;
  return { from, to, samples: bucketSamples(samples, from, to, query.points ?? 300) };
}
