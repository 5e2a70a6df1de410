// The browser's end of the socket contract, free of React: owns the socket.io connection,
// the subscribed scopes, seq gap detection and resync, and the connection state
// (live / reconnecting / stale since …). It connects on the first subscriber and
// disconnects after the last one leaves, so a page that shows nothing live holds no socket.

import { io, type Socket } from 'socket.io-client';
import type { DashboardHealth } from '../../lib/apiTypes';
import type { ClientToServerEvents, HelloMessage, InvalidateMessage, ServerToClientEvents } from '../../lib/protocol';
import type { Scope } from '../../lib/snapshot/scope';
import { scopeKey } from '../../lib/snapshot/scope';
import type { ScopeDiff, ScopeState } from '../../lib/snapshot/scopeState';
import { applyDiff, diffFit } from '../../lib/snapshot/scopeState';

export type ConnectionStatus = 'idle' | 'connecting' | 'live' | 'reconnecting';

export interface ConnectionState {
  status: ConnectionStatus;
  /** When the data stopped being live (disconnect, or a source of the server failing). */
  staleSince: number | null;
  lastMessageAt: number | null;
  error: string | null;
  /** Server clock minus ours, estimated from health reports (for "age of last update"). */
  clockOffsetMs: number;
  /** The server ended a subscription (access revoked or refused, sign-in expired): its words. */
  ended?: string | null;
}

type ScopeListener = (state: ScopeState) => void;

interface ScopeEntry {
  scope: Scope;
  key: string;
  state: ScopeState | null;
  listeners: Set<ScopeListener>;
  resyncing: boolean;
}

export interface LiveClientOptions {
  /** Origin of the dashboard; default: the page's own. */
  url?: string;
  /** socket.io path, base path included. */
  path: string;
  now?: () => number;
  /** Grace before closing the socket after the last unsubscribe (navigations re-subscribe quickly). */
  idleDisconnectMs?: number;
  transports?: ('websocket' | 'polling')[];
  /** A token for the handshake: a wall's or panel's kiosk token, or an ID token (--auth oidc without a gateway adding the Authorization header). */
  token?: string;
}

export class LiveClient {
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private readonly scopes = new Map<string, ScopeEntry>();
  private connection: ConnectionState = { status: 'idle', staleSince: null, lastMessageAt: null, error: null, clockOffsetMs: 0 };
  private health: DashboardHealth | null = null;
  private hello: HelloMessage | null = null;
  private readonly connectionListeners = new Set<() => void>();
  private readonly helloListeners = new Set<(hello: HelloMessage) => void>();
  private readonly invalidationListeners = new Set<(msg: InvalidateMessage) => void>();
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => number;
  readonly stats = { snapshots: 0, diffs: 0, gaps: 0, staleDiffs: 0 };

  constructor(private readonly options: LiveClientOptions) {
    this.now = options.now ?? Date.now;
  }

  // ------------------------------------------------------------ subscriptions

  subscribe(scope: Scope, listener: ScopeListener): () => void {
    const key = scopeKey(scope);
    let entry = this.scopes.get(key);
    if (!entry) {
      entry = { scope, key, state: null, listeners: new Set(), resyncing: false };
      this.scopes.set(key, entry);
      if (this.socket?.connected) this.socket.emit('subscribe', scope);
    }
    entry.listeners.add(listener);
    if (entry.state) listener(entry.state);
    this.ensureSocket();
    return () => {
      const e = this.scopes.get(key);
      if (!e) return;
      e.listeners.delete(listener);
      if (e.listeners.size === 0) {
        this.scopes.delete(key);
        if (this.socket?.connected) this.socket.emit('unsubscribe', scope);
        if (this.scopes.size === 0) this.scheduleIdleDisconnect();
      }
    };
  }

  scopeState(key: string): ScopeState | null {
    return this.scopes.get(key)?.state ?? null;
  }

  getConnection(): ConnectionState {
    return this.connection;
  }

  getHealth(): DashboardHealth | null {
    return this.health;
  }

  getHello(): HelloMessage | null {
    return this.hello;
  }

  onConnectionChange(listener: () => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  onHello(listener: (hello: HelloMessage) => void): () => void {
    this.helloListeners.add(listener);
    return () => this.helloListeners.delete(listener);
  }

  /** Something fetched over HTTP for a scope changed on the server (see lib/protocol). */
  onInvalidate(listener: (msg: InvalidateMessage) => void): () => void {
    this.invalidationListeners.add(listener);
    return () => this.invalidationListeners.delete(listener);
  }

  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.scopes.clear();
    this.setConnection({ status: 'idle' });
  }

  // ------------------------------------------------------------ socket

  private setConnection(patch: Partial<ConnectionState>): void {
    this.connection = { ...this.connection, ...patch };
    for (const l of this.connectionListeners) l();
  }

  private scheduleIdleDisconnect(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.scopes.size > 0 || !this.socket) return;
      this.socket.removeAllListeners();
      this.socket.disconnect();
      this.socket = null;
      this.setConnection({ status: 'idle', staleSince: null });
    }, this.options.idleDisconnectMs ?? 5000);
  }

  private ensureSocket(): void {
    if (this.idleTimer) { clearTimeout(this.idleTimer); this.idleTimer = null; }
    if (this.socket) return;
    const opts = {
      path: this.options.path, transports: this.options.transports ?? ['websocket', 'polling'], reconnectionDelayMax: 5000,
      ...(this.options.token ? { auth: { token: this.options.token } } : {}),
    };
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = this.options.url ? io(this.options.url, opts) : io(opts);
    this.socket = socket;
    this.setConnection({ status: 'connecting' });

    socket.on('connect', () => {
      this.setConnection({ status: 'live', error: null, staleSince: this.health?.stale ? this.health.staleSince : null });
      // The server keeps no subscriptions across connections: ask again for everything.
      for (const entry of this.scopes.values()) {
        entry.resyncing = true;
        socket.emit('subscribe', entry.scope);
      }
    });
    socket.on('disconnect', (reason) => {
      this.setConnection({ status: 'reconnecting', staleSince: this.connection.staleSince ?? this.now(), error: `disconnected: ${reason}` });
      // socket.io does not reconnect by itself after the server disconnected us (it does that
      // to a client that fell too far behind): come back after a pause, with fresh snapshots.
      if (reason === 'io server disconnect') setTimeout(() => { if (this.socket === socket) socket.connect(); }, 2000 + Math.random() * 3000);
    });
    socket.on('connect_error', (err) => {
      this.setConnection({ status: 'reconnecting', staleSince: this.connection.staleSince ?? this.now(), error: err.message });
    });
    socket.on('hello', (hello) => {
      this.hello = hello;
      for (const l of this.helloListeners) l(hello);
    });
    socket.on('health', (report) => {
      const previous = this.health;
      this.health = report;
      const offset = report.at - this.now();
      // The same outage keeps the same "stale since": the offset estimate moves a little with
      // every report, the moment the data went stale does not.
      const sameOutage = previous?.stale && report.stale && previous.staleSince === report.staleSince && this.connection.staleSince !== null;
      const staleSince = !report.stale ? null : sameOutage ? this.connection.staleSince : report.staleSince !== null ? report.staleSince - offset : this.now();
      this.setConnection({ lastMessageAt: this.now(), clockOffsetMs: offset, staleSince: this.connection.status === 'live' ? staleSince : this.connection.staleSince });
    });
    socket.on('invalidate', (msg) => { for (const l of this.invalidationListeners) l(msg); });
    socket.on('snapshot', ({ state }, received) => {
      // The server sends no other snapshot of this scope until this one is acknowledged.
      if (typeof received === 'function') received();
      this.onSnapshot(state);
    });
    socket.on('diff', (diff) => this.onDiff(diff));
    socket.on('ended', (msg) => {
      // No more diffs will come for it; what was shown stays, with the reason beside it.
      const entry = this.scopes.get(msg.scope);
      if (entry) entry.resyncing = true;
      this.setConnection({ ended: msg.message });
    });
  }

  private onSnapshot(state: ScopeState): void {
    const entry = this.scopes.get(state.scope);
    if (!entry) return;
    this.stats.snapshots++;
    entry.state = state;
    entry.resyncing = false;
    this.connection.lastMessageAt = this.now();
    for (const l of entry.listeners) l(state);
  }

  private onDiff(diff: ScopeDiff): void {
    const entry = this.scopes.get(diff.scope);
    if (!entry || !entry.state || entry.resyncing) return;
    this.connection.lastMessageAt = this.now();
    const fit = diffFit(entry.state, diff);
    if (fit === 'stale') { this.stats.staleDiffs++; return; }
    if (fit === 'gap') {
      // A lost diff: everything after it would be wrong. Ask for a fresh snapshot.
      this.stats.gaps++;
      entry.resyncing = true;
      this.socket?.emit('resync', entry.scope);
      return;
    }
    this.stats.diffs++;
    entry.state = applyDiff(entry.state, diff);
    for (const l of entry.listeners) l(entry.state);
  }
}
