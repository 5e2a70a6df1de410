// The embedded cluster: an HTTPS server speaking the Kubernetes API (discovery, the resources
// in resources.ts, access reviews) with mutual TLS from its own CA and bearer tokens, so that
// kubectl, @kubernetes/client-node and our code reach it exactly as a real cluster. Owns the
// process-level parts: listening, connections, authn/authz, routing, faults and shutdown.

import crypto from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ApiError, failure, forbidden, methodNotAllowed, notAcceptable, unauthorized } from './apiErrors';
import { ANONYMOUS, authenticate, decide, withBootstrapPolicy, type Authorizer, type TokenIdentity, type UserInfo } from './authz';
import { apiGroupDoc, apiGroupList, apiVersions, resourceList, VERSION_INFO } from './discovery';
import { FaultInjector, type Faults } from './faults';
import { writeKubeconfig, kubeconfigYaml, type KubeconfigUser } from './kubeconfig';
import { list, listAsTable, parseListQuery, parseWatchQuery, serveWatch, tableRenderer, writeList } from './listWatch';
import { managerName } from './managedFields';
import { ObjectStore } from './objectStore';
import { openapiGroupVersion, openapiIndex } from './openapi';
import { handleReview } from './reviews';
import { bindObject, createObject, deleteOptions, deleteStored, getObject, patchObject, updateObject, type Reply, type WriteContext } from './objectHandlers';
import { DEFAULT_IDENTITIES, loadOrCreatePki, type Identity } from './pki';
import { rbacAuthorizer } from './rbacAuthorizer';
import { parseRequestInfo, type RequestInfo } from './requestInfo';
import { findResource, POD, STORED_RESOURCES, type CreateContext } from './resources';
import { startCustomResources } from './customResources';
import { followPodLog, podLog, podLogLines } from './podLogs';
import { DriverLogBook } from './driverLogBook';
import { createPodAdmission } from './podAdmission';
import { startQuotaController } from './resourceQuotas';
import type { KubePod } from '../../lib/kube/types';
import { seedCluster } from './seed';
import { serveServiceProxy } from './serviceProxy';
import { apiVersionOf, fullJson, parseStored } from './storedObject';
import { toTable, wantsTable } from './table';

export interface EmbeddedClusterOptions {
  host?: string;
  /** 0 (default): a free port. */
  port?: number;
  /** PKI and kubeconfig live here; omitted: a temporary directory (fresh CA). */
  stateDir?: string;
  /** Seed for uids and generated names (deterministic runs). */
  seed?: number;
  /** Change events kept per kind for watch resume (default 10,000). */
  watchHistorySize?: number;
  /** Bookmark interval for watches that allow them (default 60 s, like the real cacher). */
  bookmarkIntervalMs?: number;
  /** Server-side watch lifetime without timeoutSeconds: × [1, 2) at random (default 1800 s). */
  minRequestTimeoutMs?: number;
  /**
   * Authorizer for everyone who is not in system:masters, with the bootstrap rules added
   * (default: RBAC over the stored Roles, ClusterRoles and bindings, seeded ones included).
   */
  authorize?: Authorizer;
  /** Bearer tokens accepted, besides client certificates. */
  tokens?: Record<string, TokenIdentity>;
  /** Client-certificate identities to mint (default: admin = sim-admin/system:masters, restricted = restricted-user). */
  identities?: readonly Identity[];
  /** true (default, like --anonymous-auth=true): no credentials = system:anonymous; false: 401 except health and version. */
  anonymousAuth?: boolean;
  /** Write managedFields on create/update/patch (default true). */
  managedFields?: boolean;
  now?: () => number;
}

export interface EmbeddedCluster {
  /** Log streams (`pods/log?follow=true`) open now. */
  openLogFollows(): number;
  url: string;
  port: number;
  host: string;
  caPem: string;
  /** Kubeconfig file with one context per identity, current context "admin". */
  kubeconfigPath: string;
  /** Kubeconfig text for one identity (its context is current), or for all when omitted. */
  kubeconfigYaml(identity?: string): string;
  /** Every identity a kubeconfig may use (admin first). */
  kubeconfigUsers(): KubeconfigUser[];
  /** Direct access for seeding in tests; the workload simulator must use the API. */
  store: ObjectStore;
  faults: Faults;
  /** Destroys open connections (watches and keep-alive sockets) without stopping the server. */
  closeConnections(): void;
  stop(): Promise<void>;
}

const OPEN_PATHS = new Set(['/healthz', '/readyz', '/livez', '/version']);
const FLOW_SCHEMA_UID = crypto.randomUUID();
const PRIORITY_LEVEL_UID = crypto.randomUUID();
const MAX_BODY = 3 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(failure(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_BODY}`));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, contentType = 'application/json'): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const sendError = (res: ServerResponse, e: ApiError) => send(res, e.code, JSON.stringify(e.status));
const notFoundPath = () => failure(404, 'NotFound', 'the server could not find the requested resource', {});

/** Only JSON (and Table-in-JSON) is served; a client insisting on protobuf or YAML alone gets 406. */
function acceptable(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((a) => {
    const t = a.split(';')[0]!.trim();
    return t === 'application/json' || t === '*/*' || t === 'application/*' || t === '';
  });
}

export async function createEmbeddedCluster(options: EmbeddedClusterOptions = {}): Promise<EmbeddedCluster> {
  const host = options.host ?? '127.0.0.1';
  const stateDir = options.stateDir ?? path.join(os.tmpdir(), `spark-sim-cluster-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  const identities = options.identities ?? DEFAULT_IDENTITIES;
  const pki = loadOrCreatePki({ dir: path.join(stateDir, 'pki'), identities, now: options.now, hosts: { ips: ['127.0.0.1', ...(host !== '127.0.0.1' && /^[\d.]+$/.test(host) ? [host] : [])], dnsNames: ['localhost'] } });
  const store = new ObjectStore({ historySize: options.watchHistorySize, seed: options.seed, now: options.now });
  for (const t of STORED_RESOURCES) store.register(t);
  // Served versions of established CustomResourceDefinitions (kept in stateDir across restarts).
  const customResources = startCustomResources(store, { stateDir, managedFields: options.managedFields ?? true });
  const tokens = new Map(Object.entries(options.tokens ?? {}));
  const authorizer = options.authorize ? withBootstrapPolicy(options.authorize) : rbacAuthorizer(store);
  const anonymousAuth = options.anonymousAuth ?? true;
  const minRequestTimeoutMs = options.minRequestTimeoutMs ?? 1_800_000;
  const faultInjector = new FaultInjector();
  const sockets = new Set<Socket>();
  const watchStops = new Set<() => void>();
  /** Open `follow=true` log streams (each ends when its client leaves). */
  const logFollows = new Set<() => void>();
  let nextServiceIp = 2;
  // A refused executor is logged by its driver; quotas are enforced and their status kept.
  const driverLogs = new DriverLogBook(store);
  const stopQuotaController = startQuotaController(store, () => store.now());
  const createContext: CreateContext = {
    get now() {
      return store.timestamp();
    },
    allocateClusterIP: () => `10.0.0.${nextServiceIp++ % 254 || 2}`,
    podAdmission: createPodAdmission(store, { now: () => store.now(), onRefusal: (pod, ns, message) => driverLogs.executorRefused(pod, ns, message, store.now()) }),
  };

  const server = https.createServer({ key: pki.serving.keyPem, cert: pki.serving.certPem, ca: pki.ca.certPem, requestCert: true, rejectUnauthorized: false });
  server.on('secureConnection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Watches are long-lived by design; the server decides when they end, not Node's timeouts.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Audit-Id', crypto.randomUUID());
    res.setHeader('Cache-Control', 'no-cache, private');
    // API Priority and Fairness names the flow schema and priority level on every answer.
    res.setHeader('X-Kubernetes-Pf-Flowschema-Uid', FLOW_SCHEMA_UID);
    res.setHeader('X-Kubernetes-Pf-Prioritylevel-Uid', PRIORITY_LEVEL_UID);
    if (faultInjector.delayMs > 0) await new Promise((r) => setTimeout(r, faultInjector.delayMs));
    const url = new URL(req.url ?? '/', 'https://localhost');
    const method = req.method ?? 'GET';
    const info = parseRequestInfo(method, url.pathname, url.searchParams);
    const authn = authenticate(req, tokens);
    if (authn === 'invalid' || (authn === null && !anonymousAuth && !OPEN_PATHS.has(url.pathname))) return sendError(res, unauthorized());
    const user: UserInfo = authn ?? ANONYMOUS;
    const decision = decide(user, info, authorizer);
    if (!decision.allowed) return sendError(res, forbidden(user.name, info, decision.reason));
    const injected = faultInjector.take(info, user.name);
    if (injected) return sendError(res, injected);
    if (!info.resourceRequest) return serveNonResource(req, res, info, url);
    if (info.apiGroup === '' && info.apiVersion === 'v1' && info.resource === 'services' && info.subresource === 'proxy') return serveServiceProxy(req, res, info, url, store, store.now());
    if (!acceptable(req.headers.accept)) return sendError(res, notAcceptable(['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']));
    if (info.apiGroup === 'authorization.k8s.io') {
      if (method !== 'POST') return sendError(res, methodNotAllowed());
      const writer = { manager: managerName(url.searchParams.get('fieldManager'), req.headers['user-agent']), time: store.timestamp() };
      const reply = handleReview(info, user, await readBody(req), (u, a) => decide(u, a, authorizer), writer);
      return send(res, reply.status, reply.body);
    }
    return serveResource(req, res, info, url);
  }

  function serveNonResource(req: IncomingMessage, res: ServerResponse, info: RequestInfo, url: URL): void {
    const p = url.pathname.replace(/\/$/, '') || '/';
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, methodNotAllowed());
    if (p === '/healthz' || p === '/readyz' || p === '/livez') return send(res, 200, 'ok', 'text/plain; charset=utf-8');
    if (p === '/version') return send(res, 200, JSON.stringify(VERSION_INFO, null, 2));
    // The one long-running-request gauge of kube-apiserver's /metrics the tests read: open log follows.
    if (p === '/metrics') return send(res, 200, '# TYPE apiserver_longrunning_requests gauge\n'
      + `apiserver_longrunning_requests{component="apiserver",group="",resource="pods",scope="resource",subresource="log",verb="GET",version="v1"} ${logFollows.size}\n`, 'text/plain; version=0.0.4');
    let doc: Record<string, unknown> | null = null;
    const custom = customResources.types();
    if (p === '/openapi/v3') doc = openapiIndex([...STORED_RESOURCES, ...custom]);
    else if (p.startsWith('/openapi/v3/')) doc = openapiGroupVersion(p.slice('/openapi/v3/'.length), [...STORED_RESOURCES, ...custom]);
    else if (p === '/api') doc = apiVersions(`${host}:${port}`);
    else if (p === '/apis') doc = apiGroupList(custom);
    else if (info.prefix === 'api' && info.apiVersion) doc = resourceList('', info.apiVersion);
    else if (info.prefix === 'apis' && info.apiGroup) doc = resourceList(info.apiGroup, info.apiVersion, custom);
    else if (info.prefix === 'apis') doc = apiGroupDoc(p.split('/')[2] ?? '', custom);
    if (!doc) return sendError(res, notFoundPath());
    const body = JSON.stringify(doc);
    // Discovery is cacheable, as the real server marks it (kubectl keeps a disk cache of it).
    res.setHeader('Cache-Control', 'public');
    res.setHeader('Vary', 'Accept');
    res.setHeader('Etag', `"${crypto.createHash('sha256').update(body).digest('hex').toUpperCase()}"`);
    send(res, 200, body);
  }

  async function serveResource(req: IncomingMessage, res: ServerResponse, info: RequestInfo, url: URL): Promise<void> {
    const type = findResource(info.apiGroup, info.resource) ?? customResources.find(info.apiGroup, info.apiVersion, info.resource);
    const version = type ? type.version : '';
    if (!type || info.apiVersion !== version) return sendError(res, notFoundPath());
    const method = req.method ?? 'GET';
    const collection = info.parts.length === 1;
    const subresource = info.subresource;
    const allowedSub = subresource === '' || type.subresources.some((s) => s.name === subresource);
    if (!allowedSub || info.parts.length > 3) return sendError(res, notFoundPath());
    // Cluster-scoped kinds under /namespaces/x/… and namespaced kinds at cluster scope for writes: no such route.
    const nsInPath = url.pathname.includes('/namespaces/') && type.resource !== 'namespaces';
    if (type.namespaced === false && nsInPath) return sendError(res, notFoundPath());
    const namespace = type.resource === 'namespaces' ? '' : info.namespace;
    const ctx: WriteContext = { store, type, namespace, query: url.searchParams, userAgent: req.headers['user-agent'], managedFields: options.managedFields ?? true, createContext };
    const q = url.searchParams;
    const isWatch = info.verb === 'watch';
    const name = info.parts[1] ?? '';

    if (method === 'GET' && (collection || isWatch)) {
      if (isWatch) {
        const params = parseWatchQuery(type, namespace, q, minRequestTimeoutMs, Math.random);
        if (!collection && name) params.field = withName(params.field, name);
        if (wantsTable(req.headers.accept)) params.render = tableRenderer(type, store.now, q.get('includeObject') ?? 'Metadata');
        res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
        res.flushHeaders();
        let stop: (() => void) | null = null;
        await serveWatch(store, type, params, res, (s) => {
          stop = s;
          watchStops.add(s);
        });
        if (stop) watchStops.delete(stop);
        return;
      }
      const result = await list(store, type, parseListQuery(type, namespace, q));
      if (wantsTable(req.headers.accept)) return send(res, 200, JSON.stringify(listAsTable(type, result, store.now(), q.get('includeObject') ?? 'Metadata')));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return writeList(res, type, result);
    }
    if (!collection && !name) return sendError(res, notFoundPath());
    if (type.namespaced && !namespace && !(method === 'GET' && collection)) return sendError(res, notFoundPath());
    if (method === 'GET' && type === POD && subresource === 'log') {
      const pod = JSON.parse(fullJson(type, getObject(ctx, name))) as KubePod;
      const int = (k: string) => (q.has(k) && /^-?\d+$/.test(q.get(k)!) ? Number(q.get(k)) : null);
      const logQuery = { container: q.get('container'), tailLines: int('tailLines'), limitBytes: int('limitBytes'), previous: q.get('previous') === 'true', timestamps: q.get('timestamps') === 'true' };
      if (q.get('follow') === 'true' && !logQuery.previous) {
        // The kubelet's refusals come before the stream; the follower writes the lines itself.
        const refused = podLogLines(pod, logQuery, store.now());
        if ('error' in refused) return sendError(res, refused.error);
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
        const readPod = () => { try { return JSON.parse(fullJson(type, getObject(ctx, name))) as KubePod; } catch { return null; } };
        const stop = followPodLog(res, readPod, logQuery, () => store.now(), 1000, (p) => driverLogs.linesOf(p));
        logFollows.add(stop);
        res.on('close', () => logFollows.delete(stop));
        return;
      }
      const answer = podLog(pod, logQuery, store.now(), driverLogs.linesOf(pod));
      if ('error' in answer) return sendError(res, answer.error);
      return send(res, 200, answer.text, 'text/plain');
    }
    let reply: Reply;
    switch (method) {
      case 'GET': {
        const o = getObject(ctx, name);
        if (wantsTable(req.headers.accept)) {
          reply = { status: 200, body: JSON.stringify(toTable(type.kind, [parseStored(type, o)], { resourceVersion: String(o.meta.rv) }, { now: store.now(), includeObject: q.get('includeObject') ?? 'Metadata', printer: type.printer })) };
        } else reply = { status: 200, body: fullJson(type, o) };
        break;
      }
      case 'POST':
        if (subresource === 'binding' && type === POD) reply = bindObject(ctx, name, await readBody(req));
        else if (collection) reply = createObject(ctx, await readBody(req));
        else return sendError(res, methodNotAllowed());
        break;
      case 'PUT':
        if (collection) return sendError(res, methodNotAllowed());
        reply = updateObject(ctx, name, subresource, await readBody(req));
        break;
      case 'PATCH':
        if (collection) return sendError(res, methodNotAllowed());
        reply = patchObject(ctx, name, subresource, req.headers['content-type'], await readBody(req));
        break;
      case 'DELETE': {
        const opts = deleteOptions(q, await readBody(req));
        if (collection) {
          const result = await list(store, type, parseListQuery(type, namespace, q));
          // The list holds the objects deleted, also for kinds whose single delete answers with a Status.
          const deleted = result.items.map((o) => {
            const reply = deleteStored(ctx, o, opts);
            return JSON.parse(type.returnDeletedObject ? reply.body : type.unstructured ? fullJson(type, o) : o.json) as unknown;
          });
          reply = { status: 200, body: JSON.stringify({ kind: type.listKind, apiVersion: apiVersionOf(type), metadata: { resourceVersion: String(store.resourceVersion) }, items: deleted }) };
        } else reply = deleteStored(ctx, getObject(ctx, name), opts);
        break;
      }
      default:
        return sendError(res, methodNotAllowed());
    }
    send(res, reply.status, reply.body);
  }

  const withName = (field: ((get: (f: string) => string) => boolean) | null, name: string) => (get: (f: string) => string) =>
    get('metadata.name') === name && (!field || field(get));

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof ApiError) return sendError(res, e);
      const err = failure(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`, { causes: [{ message: (e as Error).message }] });
      if (!res.headersSent) sendError(res, err);
      else res.destroy();
    });
  });

  let port = options.port ?? 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  seedCluster(store, { port, managedFields: options.managedFields ?? true });

  const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const users = (): KubeconfigUser[] => [
    ...[...pki.clients.values()].map((c) => ({ name: c.identity.name, clientCertificatePem: c.certPem, clientKeyPem: c.keyPem })),
    ...[...tokens.entries()].map(([token, id]) => ({ name: `token-${id.user}`, token })),
  ];
  const kubeconfigPath = path.join(stateDir, 'kubeconfig');
  const all = users();
  writeKubeconfig(kubeconfigPath, { server: url, caPem: pki.ca.certPem, users: all, currentContext: all.some((u) => u.name === 'admin') ? 'admin' : all[0]?.name });

  const bookmarkTimer = setInterval(() => store.sendBookmarks(), options.bookmarkIntervalMs ?? 60_000);
  bookmarkTimer.unref();

  const closeConnections = () => {
    store.closeAllWatches();
    for (const s of sockets) s.destroy();
  };
  let down = false;
  const faults: Faults = {
    failNext: (match, status, count = 1) => faultInjector.add(match, status, count),
    async setDown(value) {
      if (value === down) return;
      down = value;
      if (value) {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          closeConnections();
        });
      } else await listen();
    },
    injectMalformedWatchLine: (text) => store.writeRaw(POD, `${text}\n`),
    closeAllWatches: () => store.closeAllWatches(),
    compactHistory: () => store.compactHistory(),
    backupState: () => store.backup(),
    restoreState: (backup) => {
      store.restore(backup);
      closeConnections();
    },
    slow: (ms) => void (faultInjector.delayMs = Math.max(0, ms)),
    reset: () => faultInjector.clear(),
  };

  return {
    url,
    port,
    host,
    caPem: pki.ca.certPem,
    kubeconfigPath,
    kubeconfigUsers: () => {
      const list = users();
      return [...list.filter((u) => u.name === 'admin'), ...list.filter((u) => u.name !== 'admin')];
    },
    kubeconfigYaml(identity) {
      const list = users();
      const chosen = identity ? list.filter((u) => u.name === identity) : list;
      if (identity && chosen.length === 0) throw new Error(`no identity ${identity}; known: ${list.map((u) => u.name).join(', ')}`);
      return kubeconfigYaml({ server: url, caPem: pki.ca.certPem, users: chosen, currentContext: identity ?? (list.some((u) => u.name === 'admin') ? 'admin' : undefined) });
    },
    store,
    faults,
    openLogFollows: () => logFollows.size,
    closeConnections,
    async stop() {
      clearInterval(bookmarkTimer);
      stopQuotaController();
      customResources.stop();
      for (const s of watchStops) s();
      for (const s of logFollows) s();
      if (!down) {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          closeConnections();
        });
      }
      // A directory we made up ourselves holds keys nobody will reuse.
      if (!options.stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
