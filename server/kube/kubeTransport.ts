// Raw HTTP(S) to the Kubernetes API with the credentials of a KubeConfig. We keep JSON as
// the API sends it (no model classes, no Date objects) and own the streaming watch, because
// client-node 1.4's Watch drops malformed lines silently and loses its timeout signal
// (kubernetes-client/javascript PR #2665): we need both counted and enforced. Lists are read
// as they arrive (lib/kube/jsonListSplitter), never held whole. Longer than most files here:
// three ways of reading an answer (one JSON body, a streamed list, a watch) over one connection
// policy (keep-alive agent, credentials per request, stale sockets, timeouts).

import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeStatus } from '../../lib/kube/types';
import { JsonListSplitter, MalformedJsonListError, type JsonListHandlers } from '../../lib/kube/jsonListSplitter';

export type Query = Record<string, string | number | boolean | undefined>;

/** An API answer that is not a success, with the server's Status when it sent one. */
export class KubeApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly reason: string | null = null,
    readonly body: KubeStatus | null = null,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

export interface WatchHandlers {
  /** The server accepted the watch (HTTP 200); events may follow. */
  onOpen?(): void;
  onLine(line: string): void;
  /** Called exactly once: null when the server ended the stream cleanly. */
  onClose(error: KubeApiError | Error | null): void;
}

export interface WatchHandle {
  abort(): void;
}

/** An answer handed over as it arrives, whatever its status (a proxied page): read `body`, or `abort()`. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
  abort(): void;
}

export interface KubeTransport {
  readonly server: string;
  requestJson<T>(method: string, path: string, options?: { query?: Query; body?: unknown; contentType?: string; timeoutMs?: number }): Promise<T>;
  getJson<T>(path: string, query?: Query, timeoutMs?: number): Promise<T>;
  /** A GET whose answer is text (pods/log). */
  getText(path: string, query?: Query, timeoutMs?: number): Promise<string>;
  /**
   * A GET of a list, read as it arrives: each top-level field and each item is handed over as
   * soon as it is complete, so a list of any size costs one item of memory. Fails when no byte
   * arrives for `idleTimeoutMs` (a long list that keeps arriving is not a slow one). A handler
   * that throws ends the request with its error.
   */
  listJson(path: string, query: Query, handlers: JsonListHandlers, idleTimeoutMs?: number): Promise<void>;
  /** Opens a streaming GET; aborts it when no byte arrives for `idleTimeoutMs`. */
  watch(path: string, query: Query, handlers: WatchHandlers, idleTimeoutMs: number): WatchHandle;
  /** A streaming GET read line by line (pods/log with follow=true); aborted when silent for `idleTimeoutMs`. */
  streamLines(path: string, query: Query, handlers: WatchHandlers, idleTimeoutMs: number): WatchHandle;
  /**
   * A GET or HEAD of `path` (already percent-encoded, with its `?query` if any) whose answer is
   * streamed back as is: services/proxy. The whole exchange, body included, is cut after
   * `timeoutMs`; nothing but Accept and the credentials is sent.
   */
  openRaw(method: 'GET' | 'HEAD', path: string, options: { accept?: string; timeoutMs: number }): Promise<RawResponse>;
}

function buildPath(path: string, query?: Query): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

function errorFromBody(status: number, text: string, fallback: string): KubeApiError {
  try {
    const body = JSON.parse(text) as KubeStatus;
    if (body && body.kind === 'Status') return new KubeApiError(body.message || fallback, status, body.reason ?? null, body);
  } catch {
    // not JSON: fall through
  }
  const snippet = text.trim().slice(0, 200);
  return new KubeApiError(snippet ? `${fallback}: ${snippet}` : fallback, status);
}

export function createKubeTransport(kc: KubeConfig, defaults: { requestTimeoutMs?: number } = {}): KubeTransport {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster (check current-context)');
  const base = new URL(cluster.server);
  const isHttps = base.protocol === 'https:';
  const basePath = base.pathname.replace(/\/$/, '');
  const requestTimeoutMs = defaults.requestTimeoutMs ?? 60_000;

  // client-node builds a new agent for every request (a TLS handshake each time, ~4.5 ms of
  // CPU); we keep one keep-alive agent per set of TLS credentials and reuse it. Credentials are
  // still applied per request, so rotated tokens and exec plugins keep working.
  let agent: { key: string; agent: https.Agent } | null = null;
  const agentFor = (opts: https.RequestOptions): https.Agent => {
    const tls = { ca: opts.ca, cert: opts.cert, key: opts.key, pfx: opts.pfx, passphrase: opts.passphrase, servername: opts.servername, rejectUnauthorized: cluster!.skipTLSVerify ? false : opts.rejectUnauthorized };
    const key = JSON.stringify(tls, (_k, v) => (Buffer.isBuffer(v) ? v.toString('base64') : v));
    if (agent?.key !== key) {
      agent?.agent.destroy();
      agent = { key, agent: new https.Agent({ ...tls, keepAlive: true, maxSockets: 64, maxFreeSockets: 8 }) };
    }
    return agent.agent;
  };

  async function open(method: string, path: string, headers: Record<string, string>): Promise<http.ClientRequest> {
    const opts: https.RequestOptions = { method, headers: { ...headers } };
    await kc.applyToHTTPSOptions(opts);
    const target = new URL(base.origin + basePath + path);
    const req = (isHttps ? https : http).request(
      {
        ...opts,
        agent: isHttps ? agentFor(opts) : undefined,
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        headers: { ...(opts.headers as Record<string, string>), ...headers },
      },
    );
    return req;
  }

  /** `text`: the body as text (pods/log), not parsed as JSON. */
  type RequestOptions = { query?: Query; body?: unknown; contentType?: string; timeoutMs?: number; text?: boolean };

  async function requestJson<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return againOnStaleSocket(() => requestOnce<T>(method, path, options));
  }

  async function requestOnce<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const headers: Record<string, string> = { Accept: options.text ? '*/*' : 'application/json' };
    if (payload !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const req = await open(method, buildPath(path, options.query), headers);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => req.destroy(new KubeApiError(`no answer from the API server within ${options.timeoutMs ?? requestTimeoutMs} ms`, null, 'Timeout')), options.timeoutMs ?? requestTimeoutMs);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => { clearTimeout(timer); reject(e); });
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) return reject(errorFromBody(status, text, `${method} ${path} answered HTTP ${status}`));
          if (options.text) return resolve(text as T);
          try {
            resolve(JSON.parse(text) as T);
          } catch {
            reject(new KubeApiError(`${method} ${path} answered HTTP ${status} with a body that is not JSON`, status, 'MalformedResponse'));
          }
        });
      });
      let answered = false;
      req.on('response', () => { answered = true; });
      req.on('error', (e) => {
        clearTimeout(timer);
        if (!answered && req.reusedSocket && (e as NodeJS.ErrnoException).code === 'ECONNRESET') return reject(new StaleSocketError());
        reject(e instanceof KubeApiError ? e : new KubeApiError(describeNetworkError(e, base.origin), null, 'NetworkError'));
      });
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  async function listJson(path: string, query: Query, handlers: JsonListHandlers, idleTimeoutMs = requestTimeoutMs): Promise<void> {
    return againOnStaleSocket(() => listOnce(path, query, handlers, idleTimeoutMs));
  }

  async function listOnce(path: string, query: Query, handlers: JsonListHandlers, idleTimeoutMs: number): Promise<void> {
    const req = await open('GET', buildPath(path, query), { Accept: 'application/json' });
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | null = null;
      const settle = (e: unknown) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        if (e === null) return resolve();
        req.destroy();
        reject(e);
      };
      const armIdle = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => settle(new KubeApiError(`no answer from the API server for ${idleTimeoutMs} ms while listing`, null, 'Timeout')), idleTimeoutMs);
      };
      armIdle();
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          res.on('data', armIdle);
          return readError(res, `GET ${path}`, settle);
        }
        const splitter = new JsonListSplitter(handlers);
        const malformed = (e: unknown) => e instanceof MalformedJsonListError ? new KubeApiError(`GET ${path}: ${e.message}`, status, 'MalformedResponse') : e;
        res.on('data', (c: Buffer) => {
          if (settled) return;
          armIdle();
          try {
            splitter.push(c);
          } catch (e) {
            settle(malformed(e));
          }
        });
        res.on('end', () => {
          try {
            splitter.end();
            settle(null);
          } catch (e) {
            settle(malformed(e));
          }
        });
        res.on('aborted', () => settle(new KubeApiError('the API server closed the connection in the middle of a list', null, 'ConnectionReset')));
        res.on('error', (e) => settle(e instanceof KubeApiError ? e : new KubeApiError(describeNetworkError(e, base.origin), null, 'NetworkError')));
      });
      req.on('error', (e) => {
        if (!answered && req.reusedSocket && (e as NodeJS.ErrnoException).code === 'ECONNRESET') return settle(new StaleSocketError());
        settle(e instanceof KubeApiError ? e : new KubeApiError(describeNetworkError(e, base.origin), null, 'NetworkError'));
      });
      req.end();
    });
  }

  function watch(path: string, query: Query, handlers: WatchHandlers, idleTimeoutMs: number): WatchHandle {
    return streamLines(path, { ...query, watch: 'true' }, handlers, idleTimeoutMs, 'watch');
  }

  function streamLines(path: string, query: Query, handlers: WatchHandlers, idleTimeoutMs: number, what: 'watch' | 'stream'): WatchHandle {
    let closed = false;
    let req: http.ClientRequest | null = null;
    let idle: NodeJS.Timeout | null = null;
    const close = (err: KubeApiError | Error | null) => {
      if (closed) return;
      closed = true;
      if (idle) clearTimeout(idle);
      req?.destroy();
      handlers.onClose(err);
    };
    const armIdle = () => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => close(new KubeApiError(`the ${what} was silent for ${Math.round(idleTimeoutMs / 1000)} s; assuming a dead connection`, null, 'IdleTimeout')), idleTimeoutMs);
    };
    armIdle();
    open('GET', buildPath(path, query), { Accept: what === 'watch' ? 'application/json' : '*/*' }).then((r) => {
      req = r;
      if (closed) { r.destroy(); return; }
      r.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status !== 200) return readError(res, `${what} ${path}`, close);
        handlers.onOpen?.();
        res.setEncoding('utf8');
        let buffered = '';
        res.on('data', (chunk: string) => {
          armIdle();
          buffered += chunk;
          let nl: number;
          while ((nl = buffered.indexOf('\n')) >= 0 && !closed) {
            const line = buffered.slice(0, nl);
            buffered = buffered.slice(nl + 1);
            if (line.trim()) handlers.onLine(line);
          }
        });
        res.on('end', () => {
          if (buffered.trim() && !closed) handlers.onLine(buffered);
          close(null);
        });
        res.on('aborted', () => close(new KubeApiError(`the API server closed the ${what} connection mid-stream`, null, 'ConnectionReset')));
        res.on('error', (e) => close(e));
      });
      r.on('error', (e) => close(new KubeApiError(describeNetworkError(e, base.origin), null, 'NetworkError')));
      r.end();
    }, (e: unknown) => close(e instanceof Error ? e : new Error(String(e))));
    return { abort: () => close(null) };
  }

  async function openRawOnce(method: 'GET' | 'HEAD', path: string, options: { accept?: string; timeoutMs: number }): Promise<RawResponse> {
    const req = await open(method, path, { Accept: options.accept ?? '*/*' });
    return new Promise<RawResponse>((resolve, reject) => {
      let answered = false;
      const timer = setTimeout(() => {
        const e = new KubeApiError(`no complete answer from the API server within ${options.timeoutMs} ms`, null, 'Timeout');
        if (!answered) reject(e);
        req.destroy(e);
      }, options.timeoutMs);
      req.on('response', (res) => {
        answered = true;
        res.on('end', () => clearTimeout(timer));
        res.on('close', () => clearTimeout(timer));
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res, abort: () => { clearTimeout(timer); req.destroy(); } });
      });
      req.on('error', (e) => {
        if (answered) return;
        clearTimeout(timer);
        if (req.reusedSocket && (e as NodeJS.ErrnoException).code === 'ECONNRESET') return reject(new StaleSocketError());
        reject(e instanceof KubeApiError ? e : new KubeApiError(describeNetworkError(e, base.origin), null, 'NetworkError'));
      });
      req.end();
    });
  }

  return {
    server: cluster.server,
    openRaw: (method, path, options) => againOnStaleSocket(() => openRawOnce(method, path, options)),
    requestJson,
    getJson: (path, query, timeoutMs) => requestJson('GET', path, { query, timeoutMs }),
    getText: (path, query, timeoutMs) => requestJson<string>('GET', path, { query, timeoutMs, text: true }),
    listJson,
    watch,
    streamLines: (path, query, handlers, idleTimeoutMs) => streamLines(path, query, handlers, idleTimeoutMs, 'stream'),
  };
}

/** A reused keep-alive socket was already closed by the server: the request was never read. */
class StaleSocketError extends Error {}

/**
 * A keep-alive socket the server closed while idle (its keepAliveTimeout) fails as soon as it
 * is reused, before the server read anything: the request never happened, so send it again,
 * once, on a fresh connection (Node's own advice for agent keep-alive).
 */
async function againOnStaleSocket<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (e) {
    if (e instanceof StaleSocketError) return send();
    throw e;
  }
}

/** Reads an answer that is not a success to its end and hands over its error (the server's Status when it sent one). */
function readError(res: http.IncomingMessage, what: string, done: (e: Error) => void): void {
  const status = res.statusCode ?? 0;
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(errorFromBody(status, Buffer.concat(chunks).toString('utf8'), `${what} answered HTTP ${status}`)));
  res.on('error', done);
}

export function describeNetworkError(e: unknown, server?: string): string {
  const err = e as NodeJS.ErrnoException;
  // A TLS handshake answered in plain HTTP: OpenSSL reports a record with a "wrong version number".
  if (err?.code === 'EPROTO' && /wrong version number|packet length too long|http request/i.test(err.message ?? '')) {
    return `the API server${server ? ` at ${server}` : ''} does not speak HTTPS (it answered in plain HTTP): check the server URL in the kubeconfig`;
  }
  switch (err?.code) {
    case 'ECONNREFUSED': return 'connection refused: the API server is not listening';
    case 'ECONNRESET': return 'the connection to the API server was reset';
    case 'ENOTFOUND': return 'the API server host name does not resolve';
    case 'ETIMEDOUT': return 'the connection to the API server timed out';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return `the API server's TLS certificate is not trusted (${err.code}): check certificate-authority in the kubeconfig`;
    default: return err?.message || String(e);
  }
}
