// `GET|HEAD <base>/spark-ui/:cluster/:namespace/:appId/<path…>` (--spark-ui-proxy): a running
// driver's Spark UI through the dashboard, forwarded to the API server's service proxy with the
// dashboard's identity. A Spark UI shows the environment and configuration (credentials among
// them) and can kill jobs, so only GET and HEAD are forwarded, only Accept goes up and only the
// content headers come back (no cookies, no credentials either way), and every answer is
// sandboxed by its Content-Security-Policy: a proxied page runs in an opaque origin and can
// never act as the dashboard. Bounded in size, time and concurrency (429 beyond).

import { logSafeUrl } from '../../lib/access/logSafeUrl';
import type http from 'node:http';
import { DEFAULT_SPARK_UI_PORT, dashboardLocation, parseSparkUiProxyPath, serviceProxyPath, sparkUiProxyHref, toDashboardPaths } from '../../lib/links/sparkUiProxyPaths';
import type { ClusterEngine } from '../engine/clusterEngine';
import { KubeApiError, type RawResponse } from '../kube/kubeTransport';
import type { Logger } from '../log';
import { createConcurrencyLimit, type ConcurrencyMetrics } from './concurrencyLimit';
import type { DriverUiLocator } from './driverUiLocator';
import { sendText } from './respond';

export interface SparkUiProxyLimits {
  maxOpen: number;
  maxPerAddress: number;
  /** Bytes of one answer; a larger one is cut (or refused when its length says so up front). */
  maxBytes: number;
  /** The whole exchange with the API server, body included. */
  timeoutMs: number;
}

export const DEFAULT_SPARK_UI_PROXY_LIMITS: SparkUiProxyLimits = { maxOpen: 32, maxPerAddress: 8, maxBytes: 20 * 1024 * 1024, timeoutMs: 30_000 };

/** An opaque origin: scripts run (Spark's UI needs them) but never with the dashboard's origin, cookies or storage. */
export const SPARK_UI_CSP = "sandbox allow-scripts allow-forms allow-popups; frame-ancestors 'none'";

export interface SparkUiProxyMetrics extends ConcurrencyMetrics {
  /** Answers cut for being larger than maxBytes. */
  tooLarge: number;
}

/** Whether the person asking may read the namespace (--auth): null when allowed, else the sentence saying what is missing. */
export type NamespaceCheck = (cluster: string, namespace: string) => Promise<string | null>;

export interface SparkUiProxy {
  handle(req: http.IncomingMessage, res: http.ServerResponse, check?: NamespaceCheck): void;
  readonly metrics: SparkUiProxyMetrics;
}

export interface SparkUiProxyOptions {
  /** --spark-ui-proxy */
  enabled: boolean;
  basePath: string;
  engine(cluster: string): ClusterEngine | undefined;
  locator: DriverUiLocator;
  log: Logger;
  limits?: SparkUiProxyLimits;
}

/** Content headers of the UI's answer that the browser gets; everything else (Set-Cookie, auth, hop-by-hop) stays behind. */
const FORWARDED_HEADERS = ['content-type', 'content-length', 'last-modified', 'etag', 'content-language'] as const;

const SECURITY_HEADERS = {
  'Content-Security-Policy': SPARK_UI_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export function createSparkUiProxy(options: SparkUiProxyOptions): SparkUiProxy {
  const limits = options.limits ?? DEFAULT_SPARK_UI_PROXY_LIMITS;
  const limit = createConcurrencyLimit(limits);
  const metrics: SparkUiProxyMetrics = Object.assign(limit.metrics, { tooLarge: 0 });

  /** The dashboard's own answers: plain words, never cached, sandboxed like the rest of the route. */
  const fail = (res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}) => {
    if (res.headersSent) return void res.destroy();
    // The sandboxed page loads its own assets cross-origin (opaque origin): no CORP on this route.
    res.removeHeader('Cross-Origin-Resource-Policy');
    for (const [k, v] of Object.entries({ ...SECURITY_HEADERS, ...headers })) res.setHeader(k, v);
    sendText(res, status, `${text}\n`);
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, check?: NamespaceCheck): Promise<void> {
    if (!options.enabled) return fail(res, 404, "Not found. The dashboard does not forward Spark UIs (start it with --spark-ui-proxy to offer them).");
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return fail(res, 405, `${req.method} is not forwarded: a Spark UI is shown read-only through the dashboard (GET and HEAD only; killing jobs or stages is not possible here).`, { Allow: 'GET, HEAD' });
    }
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const rawPath = q >= 0 ? raw.slice(0, q) : raw;
    const search = q >= 0 ? raw.slice(q) : '';
    if (!rawPath.startsWith(`${options.basePath}/`)) return fail(res, 400, 'The path is not in its plain form (dot segments are not followed).');
    const target = parseSparkUiProxyPath(rawPath.slice(options.basePath.length));
    if ('error' in target) return fail(res, 400, `Refused: ${target.error}.`);
    const { cluster, namespace, appId } = target;
    const href = sparkUiProxyHref(options.basePath, cluster, namespace, appId);
    if (target.bare) {
      res.writeHead(308, { Location: href + search, 'Content-Length': 0, 'Cache-Control': 'no-store' });
      return void res.end();
    }

    const engine = options.engine(cluster);
    if (!engine) return fail(res, 404, `No cluster ${cluster}.`);
    // A driver's UI shows what its pods do: only for people who may list pods in its namespace.
    const denied = check ? await check(cluster, namespace) : null;
    if (denied) return fail(res, 403, denied);
    const watched = engine.namespaces.includes('*') || engine.namespaces.includes(namespace);
    const summary = watched ? engine.scopes.summary(namespace, appId) : null;
    const driver = summary?.driver;
    if (!summary || !driver) return fail(res, 404, `No Spark application ${appId} in namespace ${namespace} of cluster ${engine.name} (the dashboard forwards only the Spark UIs of applications it watches).`);
    if (driver.state !== 'running' || driver.deleting || driver.gone) {
      const state = driver.gone ? 'gone' : driver.deleting ? 'being deleted' : driver.state;
      return fail(res, 409, `The driver of ${summary.appName ?? appId} is ${state}: its Spark UI lives only while the driver runs (a finished application is in the Spark History Server, if it wrote event logs).`);
    }
    const ui = await options.locator.locate({ cluster, namespace, appId, driverName: driver.name, driverUid: driver.uid }, engine.transport);
    if (!ui) {
      return fail(res, 503, `The dashboard cannot tell which Service leads to the Spark UI of ${driver.name}: its Spark conf names none (or turns the UI off, or picks a random spark.ui.port) and no executor's SPARK_DRIVER_URL names one yet.`, { 'Retry-After': '30' });
    }

    const slot = limit.acquire(req.socket.remoteAddress ?? '');
    if (!slot.ok) {
      return fail(res, 429, slot.perAddress
        ? `At most ${limits.maxPerAddress} Spark UI requests at once from one address; try again shortly.`
        : `The dashboard forwards at most ${limits.maxOpen} Spark UI requests at once; try again shortly.`, { 'Retry-After': '5' });
    }
    let upstream: RawResponse | null = null;
    // The browser left: the API's answer goes with it.
    res.on('close', () => { upstream?.abort(); slot.release(); });
    const apiPrefix = serviceProxyPath(namespace, ui.service, ui.port);
    try {
      upstream = await engine.transport.openRaw(req.method, `${apiPrefix}${target.rest}${search}`, { accept: req.headers.accept, timeoutMs: limits.timeoutMs });
    } catch (e) {
      slot.release();
      const timeout = e instanceof KubeApiError && e.reason === 'Timeout';
      return fail(res, timeout ? 504 : 502, `The API server did not forward the request to the Spark UI: ${(e as Error).message}`);
    }
    if (res.destroyed) return upstream.abort();
    const explained = await explainApiRefusal(upstream, { namespace, service: ui.service, port: ui.port, driver: driver.name });
    if (explained) return fail(res, explained.status, explained.text);
    await forward(req, res, upstream, apiPrefix, href);
    slot.release();
  }

  async function forward(req: http.IncomingMessage, res: http.ServerResponse, upstream: RawResponse, apiPrefix: string, href: string): Promise<void> {
    const length = Number(upstream.headers['content-length'] ?? NaN);
    if (length > limits.maxBytes) {
      upstream.abort();
      metrics.tooLarge++;
      return fail(res, 502, `The Spark UI's answer is ${length} bytes, more than the ${limits.maxBytes} the dashboard forwards.`);
    }
    const headers: Record<string, string> = { ...SECURITY_HEADERS, 'Cache-Control': upstream.status < 400 ? 'private, no-cache' : 'no-store' };
    for (const name of FORWARDED_HEADERS) {
      const v = upstream.headers[name];
      if (typeof v === 'string') headers[name] = v;
    }
    const location = upstream.headers.location;
    if (upstream.status >= 300 && upstream.status < 400 && location) headers.Location = dashboardLocation(location, apiPrefix, href);
    res.removeHeader('Cross-Origin-Resource-Policy');
    const html = /^text\/html\b/i.test(headers['content-type'] ?? '');
    if (req.method === 'HEAD' || !html) {
      res.writeHead(upstream.status, headers);
      if (req.method === 'HEAD') { upstream.abort(); return void res.end(); }
      return pipeBounded(upstream, res);
    }
    // The API server made the page's absolute links point at its own proxy path: they must
    // point at the dashboard's route instead, so the page is read whole (it is bounded) first.
    const body = await readBounded(upstream);
    if (body === null) return fail(res, 502, `The Spark UI's page is larger than the ${limits.maxBytes} bytes the dashboard forwards.`);
    const text = toDashboardPaths(body.toString('utf8'), apiPrefix, href);
    delete headers['content-length'];
    res.writeHead(upstream.status, { ...headers, 'Content-Length': String(Buffer.byteLength(text)) });
    res.end(text);
  }

  function readBounded(upstream: RawResponse): Promise<Buffer | null> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      upstream.body.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= limits.maxBytes) return void chunks.push(c);
        metrics.tooLarge++;
        upstream.abort();
        resolve(null);
      });
      upstream.body.on('end', () => resolve(Buffer.concat(chunks)));
      upstream.body.on('error', () => resolve(null));
      upstream.body.on('close', () => resolve(size <= limits.maxBytes ? Buffer.concat(chunks) : null));
    });
  }

  function pipeBounded(upstream: RawResponse, res: http.ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      let size = 0;
      const cut = (why: string) => {
        options.log.once('warn', `spark-ui-cut:${why}`, 'a proxied Spark UI answer was cut', { why });
        upstream.abort();
        res.destroy();
        resolve();
      };
      upstream.body.on('data', (c: Buffer) => {
        size += c.length;
        if (size > limits.maxBytes) {
          metrics.tooLarge++;
          return cut('larger than the limit');
        }
        if (!res.write(c)) {
          upstream.body.pause();
          res.once('drain', () => upstream.body.resume());
        }
      });
      upstream.body.on('end', () => { res.end(); resolve(); });
      upstream.body.on('error', (e) => cut(e.message));
      upstream.body.on('aborted', () => cut('the API server ended the answer early'));
    });
  }

  return {
    metrics,
    handle(req, res) {
      handle(req, res).catch((e: unknown) => {
        options.log.error('Spark UI proxy failed', { url: logSafeUrl(req.url), error: e instanceof Error ? e.stack ?? e.message : String(e) });
        fail(res, 500, 'Internal error: the dashboard could not forward this request; its log has the details.');
      });
    },
  };
}

/**
 * The API server's own refusals (a Status body, not the UI's page) in words a person can act
 * on; null when the answer is the Spark UI's.
 */
async function explainApiRefusal(upstream: RawResponse, where: { namespace: string; service: string; port: number; driver: string }): Promise<{ status: number; text: string } | null> {
  if (upstream.status < 400 || !/^application\/json\b/i.test(String(upstream.headers['content-type'] ?? ''))) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of upstream.body as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > 64 * 1024) break;
    chunks.push(c);
  }
  const body = Buffer.concat(chunks).toString('utf8');
  let status: { kind?: string; message?: string } = {};
  try {
    status = JSON.parse(body) as typeof status;
  } catch {
    // Not a Status: the UI's own JSON error, passed on as text.
  }
  upstream.abort();
  const api = status.message ?? `HTTP ${upstream.status}`;
  if (status.kind !== 'Status') return { status: upstream.status, text: body || `The Spark UI answered HTTP ${upstream.status}.` };
  const svc = `${where.service}:${where.port}`;
  switch (upstream.status) {
    case 403:
      return { status: 403, text: `The dashboard may not reach Spark UIs in ${where.namespace}: its identity needs get services/proxy in ${where.namespace} (deploy/rbac-spark-ui-proxy.yaml). The API server said: ${api}` };
    case 404:
      // Also what a Service without an Endpoints object answers (no endpoints controller has made one).
      return { status: 404, text: `The driver UI is not reachable: the API server has no Service ${where.service}, or no endpoints for it, in ${where.namespace}. The API server said: ${api}` };
    case 502:
    case 503:
      return {
        status: 503,
        text: `The driver UI is not reachable: the API server found no ready endpoint behind ${svc} (the driver pod ${where.driver} is not ready, or its UI does not listen on port ${where.port}${where.port === DEFAULT_SPARK_UI_PORT ? ', Spark\'s default' : ''}). The API server said: ${api}`,
      };
    default:
      return { status: 502, text: `The API server refused to forward to the Spark UI (HTTP ${upstream.status}): ${api}` };
  }
}
