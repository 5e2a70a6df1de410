// The JSON API under /api: applications with counts per state, one application with its
// driver and executors, one pod's full object (fetched from the Kubernetes API on demand),
// an application's transition history and its counts over time.

import type http from 'node:http';
import type { HealthReport } from '../../lib/health/sourceHealth';
import { redactPod, type RedactionOptions } from '../../lib/kube/redactPod';
import type { KubeList, KubePod } from '../../lib/kube/types';
import type { Logger } from '../log';
import { isAppId, isNamespace } from '../../lib/protocol';
import { bucketSamples, type CountSample } from '../../lib/series/countSeries';
import { appKey } from '../../lib/snapshot/appSummary';
import type { ExecutorView } from '../../lib/snapshot/executorView';
import { executorView, transitionsOf } from '../../lib/snapshot/executorView';
import type { KubeTransport } from '../kube/kubeTransport';
import { KubeApiError } from '../kube/kubeTransport';
import type { CountsHistory } from '../store/countsHistory';
import type { PodRecord, SnapshotStore } from '../store/snapshotStore';
import { sendError, sendJson } from './respond';

export interface ApiDeps {
  store: SnapshotStore;
  volumes: { get(namespace: string, appId: string): Promise<unknown> };
  rbac: { get(namespace: string, appId: string): Promise<unknown> };
  counts: CountsHistory;
  transport: KubeTransport;
  health: () => HealthReport;
  containerNames: { executor: string; driver: string };
  /** Only Spark pods (the label selector) of watched namespaces ('*' = all) are ever served. */
  podScope: { namespaces: readonly string[]; labelSelector: string };
  redaction: RedactionOptions;
  log: Logger;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export function createApiHandler(deps: ApiDeps) {
  const { store } = deps;

  const viewOf = (r: PodRecord, namespace: string, appId: string): ExecutorView => executorView(r.row, {
    namespace, appId, finalPod: r.finalPod,
    sparkContainerName: r.row.role === 'driver' ? deps.containerNames.driver : deps.containerNames.executor,
  });

  const series = (samples: CountSample[], url: URL) => {
    const to = Number(url.searchParams.get('to')) || Date.now();
    const from = Number(url.searchParams.get('from')) || to - 30 * 60_000;
    const points = Math.min(2000, Math.max(10, Number(url.searchParams.get('points')) || 300));
    return { from, to, samples: bucketSamples(samples, from, to, points) };
  };

  async function handleApp(res: http.ServerResponse, namespace: string, appId: string, rest: string[], url: URL): Promise<void> {
    if (!isNamespace(namespace) || !isAppId(appId)) return sendError(res, 400, 'namespace or application id is not valid');
    const app = store.app(namespace, appId);
    // The panels below cost Kubernetes API reads: only for an application the dashboard knows
    // (which also keeps them inside the watched namespaces).
    const unknown = () => sendError(res, 404, `no Spark application ${appId} in namespace ${namespace}`, { namespace, appId });
    if (rest.length === 1 && rest[0] === 'volumes') return app ? sendJson(res, 200, await deps.volumes.get(namespace, appId)) : unknown();
    if (rest.length === 1 && rest[0] === 'rbac') return app ? sendJson(res, 200, await deps.rbac.get(namespace, appId)) : unknown();
    if (rest.length === 1 && rest[0] === 'counts') {
      return sendJson(res, 200, { key: appKey(namespace, appId), ...series(deps.counts.forApp(appKey(namespace, appId)), url) });
    }
    if (!app) return unknown();
    if (rest.length === 0) {
      const views = app.records.map((r) => viewOf(r, namespace, appId));
      const drivers = views.filter((v) => v.role === 'driver');
      const driver = drivers.find((d) => d.uid === app.summary?.driver?.uid) ?? drivers[0] ?? null;
      return sendJson(res, 200, {
        summary: app.summary,
        driver,
        executors: views.filter((v) => v.role !== 'driver'),
        otherDrivers: drivers.filter((d) => d !== driver),
        driverLog: app.driverLog,
        health: deps.health(),
      });
    }
    if (rest.length === 1 && rest[0] === 'driver') {
      // What the application page needs besides its live rows: no executor views (10,000 of them are megabytes).
      const drivers = app.records.filter((r) => r.row.role === 'driver').map((r) => viewOf(r, namespace, appId));
      return sendJson(res, 200, {
        summary: app.summary,
        driver: drivers.find((d) => d.uid === app.summary?.driver?.uid) ?? drivers[0] ?? null,
        otherDrivers: drivers.filter((d) => d.uid !== app.summary?.driver?.uid),
        driverLog: app.driverLog,
      });
    }
    if (rest.length === 1 && rest[0] === 'history') {
      return sendJson(res, 200, {
        key: appKey(namespace, appId),
        pods: app.records.map((r) => ({ uid: r.uid, name: r.row.name, role: r.row.role, executorId: r.row.executorId, transitions: transitionsOf(r.row) })),
        driverLog: app.driverLog,
      });
    }
    return sendError(res, 404, `unknown resource /api/apps/${namespace}/${appId}/${rest.join('/')}`);
  }

  const watched = (namespace: string) => deps.podScope.namespaces.includes('*') || deps.podScope.namespaces.includes(namespace);

  /** The pod, if it is a Spark pod (the API server matches the label selector); null when not found. */
  async function readSparkPod(namespace: string, name: string): Promise<KubePod | null> {
    const list = await deps.transport.getJson<KubeList<KubePod>>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, {
      fieldSelector: `metadata.name=${name}`, labelSelector: deps.podScope.labelSelector,
    }, 15_000);
    return list.items?.[0] ?? null;
  }

  async function handlePod(res: http.ServerResponse, namespace: string, name: string): Promise<void> {
    if (!isNamespace(namespace) || !DNS_SUBDOMAIN.test(name)) return sendError(res, 400, 'namespace or pod name is not valid');
    // Outside the watched namespaces, or not a Spark pod: the same answer as a pod that does not
    // exist, so the endpoint cannot be used to learn what else the cluster holds.
    const notFound = () => sendError(res, 404, `no Spark pod ${name} in namespace ${namespace} (the dashboard serves only Spark pods of the namespaces it watches)`);
    if (!watched(namespace)) return notFound();
    const record = store.findPod(namespace, name);
    const appId = record ? record.appKey.slice(record.appKey.indexOf('/') + 1) : null;
    const view = record && appId !== null ? viewOf(record, namespace, appId) : null;
    try {
      const found = await readSparkPod(namespace, name);
      if (!found) {
        if (record) return sendJson(res, 200, { pod: record.finalPod, view, inCluster: false, note: 'This pod is no longer in the cluster; showing what the dashboard kept of it.' });
        return notFound();
      }
      const pod = redactPod(found, deps.redaction);
      if (record && pod.metadata?.uid && pod.metadata.uid !== record.uid) {
        // Same name, new pod: the executor we know is gone and a new one took its name.
        return sendJson(res, 200, { pod, view: null, note: 'A different pod now has this name; the executor you opened is no longer in the cluster.', lastKnown: record.finalPod, lastKnownView: view });
      }
      return sendJson(res, 200, { pod, view, inCluster: true });
    } catch (e) {
      const err = e instanceof KubeApiError ? e : null;
      if (err?.status === 403) {
        return sendError(res, 403, `the dashboard may not read pods in ${namespace}: ${err.message}`, { missingPermission: { verb: 'list', resource: 'pods', namespace } });
      }
      return sendError(res, 502, `the Kubernetes API did not return the pod: ${err?.message ?? String(e)}`, { view });
    }
  }

  /** Returns false when the path is not an API path. */
  return async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean> {
    if (!url.pathname.startsWith('/api/') && url.pathname !== '/api') return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, 'the dashboard API is read-only', {});
      return true;
    }
    let parts: string[];
    try {
      parts = url.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
    } catch {
      sendError(res, 400, `the path ${url.pathname.slice(0, 200)} is not valid percent-encoding`);
      return true;
    }
    try {
      if (parts.length === 2 && parts[1] === 'apps') {
        sendJson(res, 200, { at: Date.now(), apps: store.appSummaries(), running: deps.counts.runningByApp(Date.now() - 30 * 60_000), health: deps.health() });
      } else if (parts.length >= 4 && parts[1] === 'apps') {
        await handleApp(res, parts[2], parts[3], parts.slice(4), url);
      } else if (parts.length === 4 && parts[1] === 'pods') {
        await handlePod(res, parts[2], parts[3]);
      } else if (parts.length === 2 && parts[1] === 'counts') {
        sendJson(res, 200, { key: '*', ...series(deps.counts.forCluster(), url) });
      } else if (parts.length === 2 && parts[1] === 'health') {
        sendJson(res, 200, deps.health());
      } else {
        sendError(res, 404, `unknown API path ${url.pathname}`);
      }
    } catch (e) {
      // Logged with its detail; the client gets no internal message.
      deps.log.error('API request failed', { path: url.pathname, error: e instanceof Error ? e.stack ?? e.message : String(e) });
      sendError(res, 500, 'internal error: the dashboard could not answer this request; its log has the details');
    }
    return true;
  };
}
