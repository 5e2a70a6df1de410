// What the access suites need besides the contract harness: an OpenID Connect issuer of their
// own (discovery and JWKS over HTTP on 127.0.0.1, keys made with jose), RBAC written through
// the API as an administrator would, HTTP requests as a person (through the trusted proxy
// address or not, with headers or a token), and a socket viewer that keeps each scope's state
// and what the server ended.

import http from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { DashboardHealth } from '../../lib/apiTypes';
import type { ClientToServerEvents, EndedMessage, Result, ServerToClientEvents } from '../../lib/protocol';
import { scopeKey, type Scope } from '../../lib/snapshot/scope';
import { applyDiff, diffFit, type ScopeState } from '../../lib/snapshot/scopeState';
import type { KubeTransport } from '../../server/kube/kubeTransport';

/** The address the tests' "sign-in proxy" sends from: a loopback address of its own, so 127.0.0.1 is someone else. */
export const PROXY_ADDRESS = '127.0.0.2';

export interface Issuer {
  url: string;
  /** A token signed with the issuer's key; `overrides` change any claim (exp in seconds). */
  token(claims: JWTPayload, overrides?: { key?: 'issuer' | 'stranger'; issuer?: string; audience?: string; expiresInSec?: number }): Promise<string>;
  close(): Promise<void>;
}

export async function startIssuer(audience: string): Promise<Issuer> {
  const issuerKey = await generateKeyPair('RS256');
  const strangerKey = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(issuerKey.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  let url = '';
  const server = http.createServer((req, res) => {
    const send = (body: unknown) => { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); };
    if (req.url === '/.well-known/openid-configuration') return send({ issuer: url, jwks_uri: `${url}/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    if (req.url === '/keys') return send({ keys: [jwk] });
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    async token(claims, o = {}) {
      const key: CryptoKey = o.key === 'stranger' ? strangerKey.privateKey : issuerKey.privateKey;
      const now = Math.floor(Date.now() / 1000);
      // A stranger's key under the issuer's key id: only the signature tells them apart.
      return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(o.issuer ?? url).setAudience(o.audience ?? audience)
        .setIssuedAt(now - 60).setExpirationTime(now + (o.expiresInSec ?? 600)).sign(key);
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

/** A Role that may list and get pods (not their logs) in `namespace`. */
export async function createPodReaderRole(api: KubeTransport, namespace: string): Promise<void> {
  await api.requestJson('POST', `${RBAC}/namespaces/${namespace}/roles`, {
    body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader', namespace }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }] },
  });
}

export async function bindPodReader(api: KubeTransport, namespace: string, name: string, subject: { kind: 'User' | 'Group'; name: string }): Promise<void> {
  await api.requestJson('POST', `${RBAC}/namespaces/${namespace}/rolebindings`, {
    body: {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', ...subject }],
    },
  });
}

export async function deleteBinding(api: KubeTransport, namespace: string, name: string): Promise<void> {
  await api.requestJson('DELETE', `${RBAC}/namespaces/${namespace}/rolebindings/${name}`);
}

export interface As { headers?: Record<string, string>; from?: string; token?: string }

/** Headers the trusted sign-in proxy sets for a person, sent from its address. */
export function viaProxy(user: string, groups: string[] = []): As {
  return { from: PROXY_ADDRESS, headers: { 'X-Forwarded-User': user, 'X-Forwarded-Email': `${user}@example.com`, ...(groups.length ? { 'X-Forwarded-Groups': groups.join(',') } : {}) } };
}

export function getAs<T = unknown>(baseUrl: string, path: string, as: As): Promise<{ status: number; body: T; text: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.get({
      host: url.hostname, port: url.port, path: url.pathname + url.search, localAddress: as.from,
      headers: { ...as.headers, ...(as.token ? { Authorization: `Bearer ${as.token}` } : {}) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => {
        let body: unknown = text;
        try { body = JSON.parse(text); } catch { /* a page or text */ }
        resolve({ status: res.statusCode ?? 0, body: body as T, text, headers: res.headers });
      });
    });
    req.on('error', reject);
  });
}

export interface Viewer {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** Resolves with the connection, or the server's refusal. */
  connected: Promise<{ ok: true } | { ok: false; error: string }>;
  subscribe(scope: Scope): Promise<Result<{ scope: string; seq: number }>>;
  state(scope: Scope): ScopeState | null;
  ended: EndedMessage[];
  /** Every snapshot received, in order. */
  snapshots: ScopeState[];
  /** Every health report pushed, in order. */
  healths: DashboardHealth[];
  close(): void;
}

/** A socket.io client as a browser behind the proxy (or with a token) would open it, keeping each scope's state. */
export function openViewer(origin: string, as: As): Viewer {
  const options: Partial<ManagerOptions & SocketOptions> & { localAddress?: string } = {
    path: '/socket.io', transports: ['websocket'], forceNew: true, reconnection: false,
    extraHeaders: as.headers, localAddress: as.from, ...(as.token ? { auth: { token: as.token } } : {}),
  };
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(origin, options);
  const states = new Map<string, ScopeState>();
  const scopes = new Map<string, Scope>();
  const ended: EndedMessage[] = [];
  const snapshots: ScopeState[] = [];
  socket.on('snapshot', ({ state }, received) => { received(); snapshots.push(state); states.set(state.scope, state); });
  socket.on('diff', (diff) => {
    const state = states.get(diff.scope);
    if (!state) return;
    const fit = diffFit(state, diff);
    if (fit === 'next') states.set(diff.scope, applyDiff(state, diff));
    else if (fit === 'gap') socket.emit('resync', scopes.get(diff.scope));
  });
  socket.on('ended', (m) => ended.push(m));
  const healths: DashboardHealth[] = [];
  socket.on('health', (h) => healths.push(h));
  const connected = new Promise<{ ok: true } | { ok: false; error: string }>((resolve) => {
    socket.once('connect', () => resolve({ ok: true }));
    socket.once('connect_error', (e) => resolve({ ok: false, error: e.message }));
  });
  return {
    socket, connected, ended, snapshots, healths,
    subscribe: (scope) => {
      scopes.set(scopeKey(scope), scope);
      return new Promise((resolve) => socket.emit('subscribe', scope, resolve));
    },
    state: (scope) => states.get(scopeKey(scope)) ?? null,
    close: () => socket.disconnect(),
  };
}
