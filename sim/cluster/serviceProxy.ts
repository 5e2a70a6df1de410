// The service proxy subresource of the embedded cluster:
// `/api/v1/namespaces/<ns>/services/[<scheme>:]<name>[:<port>]/proxy/<path…>`, authorized as
// `get services/proxy` before it gets here. There is no network behind the simulated pods, so
// the "backend" is simulated too: a Spark driver's UI port answers a small Spark-UI-like page
// (jobs, executors, environment) generated from the objects in the store. A Service whose
// selector matches no Running pod answers kube-apiserver's 503 `no endpoints available`; a port
// nothing listens on, its 503 `error trying to reach service`.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubePod } from '../../lib/kube/types';
import { SPARK_APP_ID_LABEL, SPARK_APP_NAME_LABEL, SPARK_ROLE_LABEL } from '../../lib/spark/labels';
import { parseJavaProperties } from '../../lib/spark/properties';
import { failure, methodNotAllowed, notFound } from './apiErrors';
import type { ObjectStore } from './objectStore';
import type { RequestInfo } from './requestInfo';
import { CONFIG_MAP, POD, SERVICE } from './resources';

interface ServicePort { name?: string; port?: number; targetPort?: number | string }
interface Service { spec?: { selector?: Record<string, string>; ports?: ServicePort[] } }

/** Spark's UI port when the driver's container does not name one. */
const SPARK_UI_PORT = 4040;

const serviceUnavailable = (message: string) => failure(503, 'ServiceUnavailable', message);

/** `[scheme:]name[:port]` as the proxy subresource takes it (net.SplitSchemeNamePort). */
function splitSchemeNamePort(id: string): { name: string; port: string } | null {
  const parts = id.split(':');
  if (parts.length === 1) return { name: parts[0]!, port: '' };
  if (parts.length === 2) return { name: parts[0]!, port: parts[1]! };
  if (parts.length === 3 && (parts[0] === 'http' || parts[0] === 'https')) return { name: parts[1]!, port: parts[2]! };
  return null;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Whether `pod` serves HTTP on `targetPort`: only a Spark driver's UI does here. */
function uiListensOn(pod: KubePod, targetPort: number | string | undefined): boolean {
  if (pod.metadata?.labels?.[SPARK_ROLE_LABEL] !== 'driver') return false;
  const ports = (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
  const ui = ports.find((p) => p.name === 'spark-ui')?.containerPort ?? SPARK_UI_PORT;
  return targetPort === undefined || targetPort === ui || targetPort === 'spark-ui';
}

export function serveServiceProxy(req: IncomingMessage, res: ServerResponse, info: RequestInfo, url: URL, store: ObjectStore, now: number): void {
  const method = req.method ?? 'GET';
  const id = splitSchemeNamePort(info.name);
  if (!id || !id.name) throw notFound({ group: '', resource: 'services' }, info.name);
  const stored = store.get(SERVICE, info.namespace, id.name);
  if (!stored) throw notFound({ group: '', resource: 'services' }, id.name);
  const service = JSON.parse(stored.json) as Service;
  const ports = service.spec?.ports ?? [];
  const port = id.port === '' ? (ports.length === 1 ? ports[0] : undefined) : ports.find((p) => String(p.port) === id.port || p.name === id.port);
  const selector = service.spec?.selector;
  const matches = (pod: KubePod) => !!selector && Object.entries(selector).every(([k, v]) => pod.metadata?.labels?.[k] === v);
  const running = store.range(POD, info.namespace).map((o) => JSON.parse(o.json) as KubePod)
    .filter((p) => matches(p) && p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp);
  // The endpoints controller lists only running pods, and only the ports the service names.
  if (!port || running.length === 0) throw serviceUnavailable(`no endpoints available for service "${id.name}"`);
  const pod = running[0]!;
  if (!uiListensOn(pod, port.targetPort ?? port.port)) {
    throw serviceUnavailable(`error trying to reach service: dial tcp ${pod.status?.podIP ?? '10.0.0.0'}:${port.targetPort ?? port.port}: connect: connection refused`);
  }
  if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed();
  const page = sparkUiPage(pod, info.parts.slice(3).join('/'), url.searchParams, store, now);
  const body = page.html;
  res.writeHead(page.status, { 'Content-Type': 'text/html;charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'X-Content-Type-Options': 'nosniff' });
  res.end(method === 'HEAD' ? undefined : body);
}

/** The driver's spark.properties from the config map spark-submit mounted, or nothing. */
function driverProperties(pod: KubePod, store: ObjectStore): Record<string, string> {
  const map = pod.spec?.volumes?.find((v) => v.name === 'spark-conf-volume-driver')?.configMap?.name;
  const stored = map ? store.get(CONFIG_MAP, pod.metadata?.namespace ?? '', map) : undefined;
  const text = stored ? (JSON.parse(stored.json) as { data?: Record<string, string> }).data?.['spark.properties'] : undefined;
  return text ? parseJavaProperties(text) : {};
}

/** A stable small number per application and job, so a page reads the same on every load. */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const TABS = [['jobs', 'Jobs'], ['executors', 'Executors'], ['environment', 'Environment']] as const;

function sparkUiPage(pod: KubePod, path: string, query: URLSearchParams, store: ObjectStore, now: number): { status: number; html: string } {
  const segments = path.split('/').filter(Boolean);
  const tab = segments[0] ?? 'jobs';
  // Links relative to the UI's root, whatever the depth of this page (the proxy prefix is not known here).
  const root = segments.length ? '../'.repeat(segments.length) : '';
  const props = driverProperties(pod, store);
  const labels = pod.metadata?.labels ?? {};
  const appId = props['spark.app.id'] ?? labels[SPARK_APP_ID_LABEL] ?? '';
  const appName = props['spark.app.name'] ?? labels[SPARK_APP_NAME_LABEL] ?? appId;
  const startedAt = Date.parse(pod.status?.startTime ?? pod.metadata?.creationTimestamp ?? '') || now;
  const frame = (title: string, content: string) => `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(appName)} - ${escapeHtml(title)}</title></head>
<body>
<nav><span class="brand">Spark 3.5.1</span> ${TABS.map(([href, label]) => `<a href="${root}${href}/"${href === tab ? ' class="active"' : ''}>${label}</a>`).join(' ')}
<span class="app">${escapeHtml(appName)} application UI</span></nav>
<h3>${escapeHtml(title)}</h3>
<ul class="summary">
<li><strong>Application:</strong> <span id="app-name">${escapeHtml(appName)}</span> (<span id="app-id">${escapeHtml(appId)}</span>)</li>
<li><strong>Driver pod:</strong> <span id="driver-pod">${escapeHtml(pod.metadata?.name ?? '')}</span></li>
<li><strong>Total Uptime:</strong> ${Math.max(0, Math.round((now - startedAt) / 1000))} s</li>
</ul>
${content}
</body></html>
`;
  if (segments.length > 1 || !TABS.some(([href]) => href === tab)) {
    return { status: 404, html: `<!DOCTYPE html><html><head><title>Error 404 Not Found</title></head><body><h2>HTTP ERROR 404 Not Found</h2><p>URI: /${escapeHtml(path)}</p></body></html>\n` };
  }
  if (tab === 'executors') {
    const executors = store.range(POD, pod.metadata?.namespace ?? '').map((o) => JSON.parse(o.json) as KubePod)
      .filter((p) => p.metadata?.labels?.[SPARK_APP_ID_LABEL] === appId && p.metadata?.labels?.[SPARK_ROLE_LABEL] === 'executor' && p.status?.phase === 'Running');
    const rows = [['driver', pod], ...executors.map((p) => [p.metadata?.labels?.['spark-exec-id'] ?? '?', p] as const)] as [string, KubePod][];
    return { status: 200, html: frame('Executors', `<table id="executors"><thead><tr><th>Executor ID</th><th>Address</th><th>Status</th></tr></thead><tbody>
${rows.map(([execId, p]) => `<tr><td>${escapeHtml(execId)}</td><td>${escapeHtml(p.status?.podIP ?? '')}</td><td>Active</td></tr>`).join('\n')}
</tbody></table>`) };
  }
  if (tab === 'environment') {
    const shown = Object.entries(props).filter(([k]) => !/password|secret|token|key/i.test(k)).sort(([a], [b]) => a.localeCompare(b));
    return { status: 200, html: frame('Environment', `<h4>Spark Properties</h4><table id="properties"><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody>
${shown.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('\n')}
</tbody></table>`) };
  }
  // One job a minute since the driver started (the latest still running), at most five shown.
  const elapsed = Math.max(0, now - startedAt);
  const total = Math.min(5, 1 + Math.floor(elapsed / 60_000));
  const status = query.get('status');
  const jobs = Array.from({ length: total }, (_, i) => {
    const jobId = total - 1 - i;
    const h = hash(`${appId}/${jobId}`);
    const stages = 1 + (h % 4);
    const tasks = 8 * (1 + (h % 25));
    const running = jobId === total - 1;
    const done = running ? Math.floor(tasks * Math.min(0.95, ((elapsed % 60_000) / 60_000) + 0.05)) : tasks;
    return { jobId, description: `${['count', 'collect', 'save', 'show', 'foreachPartition'][h % 5]} at ${escapeHtml(appName)}.scala:${20 + (h % 180)}`, running, stages, tasks, done };
  }).filter((j) => !status || (status === 'running') === j.running);
  return { status: 200, html: frame('Spark Jobs', `<table id="jobs"><thead><tr><th>Job Id</th><th>Description</th><th>Status</th><th>Stages: Succeeded/Total</th><th>Tasks: Succeeded/Total</th></tr></thead><tbody>
${jobs.map((j) => `<tr><td>${j.jobId}</td><td>${j.description}</td><td>${j.running ? 'RUNNING' : 'SUCCEEDED'}</td><td>${j.running ? j.stages - 1 : j.stages}/${j.stages}</td><td>${j.done}/${j.tasks}</td></tr>`).join('\n')}
</tbody></table>`) };
}
