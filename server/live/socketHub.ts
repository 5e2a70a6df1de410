// The socket hub: one socket.io room per scope. A subscriber gets the scope's snapshot at
// seq N, then every diff N+1, N+2, … from the store. Clients that see a gap ask to resync;
// clients that fall behind are paused and caught up with a fresh snapshot (clientPacing).
// Everything a client sends is validated (lib/protocol) before it touches anything.

import type http from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { HealthReport } from '../../lib/health/sourceHealth';
import type { ClientToServerEvents, HelloMessage, InvalidationTopic, ServerToClientEvents } from '../../lib/protocol';
import { scopeKeyOf } from '../../lib/protocol';
import type { ScopeDiff } from '../../lib/snapshot/scopeState';
import type { Logger } from '../log';
import type { SnapshotStore } from '../store/snapshotStore';
import { DEFAULT_PACING_LIMITS, planClientPacing, type PacingLimits } from './clientPacing';

export interface SocketHubOptions {
  /** socket.io path, including any base path the app is served under. */
  path: string;
  maxScopesPerClient: number;
  pacing?: PacingLimits;
  healthIntervalMs: number;
}

export interface SocketHubDeps {
  store: SnapshotStore;
  health: () => HealthReport;
  hello: HelloMessage;
  log: Logger;
}

interface ClientData {
  scopes: Set<string>;
  lagging: boolean;
}

type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, ClientData>;

export interface SocketHub {
  io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, ClientData>;
  /** Tells the subscribers of `scope` to refetch `topic` (at most once per second per scope and topic). */
  invalidate(scope: string, topic: InvalidationTopic): void;
  metrics: { clients: number; diffsSent: number; snapshotsSent: number; slowClientResyncs: number; rejectedMessages: number };
  broadcastHealth(): void;
  close(): Promise<void>;
}

/** Clients paused for falling behind; room names of scopes never look like this. */
const LAGGING_ROOM = '#lagging';

function backlogOf(socket: HubSocket) {
  const conn = socket.conn as unknown as { writeBuffer?: unknown[]; transport?: { socket?: { bufferedAmount?: number } } };
  return { queuedPackets: conn.writeBuffer?.length ?? 0, bufferedBytes: conn.transport?.socket?.bufferedAmount ?? 0 };
}

export function createSocketHub(server: http.Server, deps: SocketHubDeps, options: SocketHubOptions): SocketHub {
  const { store, log } = deps;
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, ClientData>(server, {
    path: options.path,
    serveClient: false,
    // Clients only send tiny control messages.
    maxHttpBufferSize: 64 * 1024,
    // Other upgrades (Next's dev HMR) are routed by the dashboard server, not destroyed here.
    destroyUpgrade: false,
    // Snapshots of big applications are megabytes of repetitive JSON; diffs stay below the threshold.
    perMessageDeflate: { threshold: 16 * 1024 },
  });
  const metrics = { clients: 0, diffsSent: 0, snapshotsSent: 0, slowClientResyncs: 0, rejectedMessages: 0 };

  const sendSnapshot = (socket: HubSocket, scope: string) => {
    const state = store.scopeState(scope);
    if (!state) return;
    socket.emit('snapshot', { state });
    metrics.snapshotsSent++;
  };

  io.on('connection', (socket) => {
    metrics.clients++;
    socket.data.scopes = new Set();
    socket.data.lagging = false;
    socket.emit('hello', deps.hello);
    socket.emit('health', deps.health());

    const reject = (what: string, error: string) => {
      metrics.rejectedMessages++;
      log.once('info', `rejected:${what}:${error}`, 'rejected a client message', { what, error, client: socket.id });
    };

    socket.on('subscribe', (raw, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      const parsed = scopeKeyOf(raw);
      if (!parsed.ok) { reject('subscribe', parsed.error); return reply(parsed); }
      const scope = parsed.value;
      if (!socket.data.scopes.has(scope) && socket.data.scopes.size >= options.maxScopesPerClient) {
        const error = `at most ${options.maxScopesPerClient} subscriptions per connection`;
        reject('subscribe', error);
        return reply({ ok: false, error });
      }
      socket.data.scopes.add(scope);
      if (!socket.data.lagging) void socket.join(scope);
      sendSnapshot(socket, scope);
      reply({ ok: true, value: { scope, seq: store.scopeState(scope)?.seq ?? 0 } });
    });

    socket.on('unsubscribe', (raw) => {
      const parsed = scopeKeyOf(raw);
      if (!parsed.ok) return reject('unsubscribe', parsed.error);
      socket.data.scopes.delete(parsed.value);
      void socket.leave(parsed.value);
    });

    socket.on('resync', (raw) => {
      const parsed = scopeKeyOf(raw);
      if (!parsed.ok) return reject('resync', parsed.error);
      if (socket.data.scopes.has(parsed.value)) sendSnapshot(socket, parsed.value);
    });

    socket.on('disconnect', () => { metrics.clients--; });
  });

  const pace = () => {
    const sockets = [...io.of('/').sockets.values()];
    if (!sockets.length) return;
    const plan = planClientPacing(sockets.map((s) => ({ id: s.id, lagging: s.data.lagging, ...backlogOf(s) })), options.pacing ?? DEFAULT_PACING_LIMITS);
    for (const id of plan.pause) {
      const s = io.of('/').sockets.get(id);
      if (!s) continue;
      s.data.lagging = true;
      for (const scope of s.data.scopes) void s.leave(scope);
      void s.join(LAGGING_ROOM);
      metrics.slowClientResyncs++;
      log.info('a client fell behind; pausing its diffs until it drains', { client: id, ...backlogOf(s) });
    }
    for (const id of plan.resume) {
      const s = io.of('/').sockets.get(id);
      if (!s) continue;
      s.data.lagging = false;
      void s.leave(LAGGING_ROOM);
      s.emit('health', deps.health());
      for (const scope of s.data.scopes) { void s.join(scope); sendSnapshot(s, scope); }
    }
  };

  // At most one invalidation per scope and topic per second; a change inside that second is
  // followed by one more at its end, so the last change is never lost.
  const throttled = new Map<string, { timer: NodeJS.Timeout; again: boolean }>();
  const requestInvalidation = (scope: string, topic: InvalidationTopic): void => {
    const key = `${scope} ${topic}`;
    const pending = throttled.get(key);
    if (pending) { pending.again = true; return; }
    io.to(scope).emit('invalidate', { scope, topic });
    const entry = {
      again: false,
      timer: setTimeout(() => {
        throttled.delete(key);
        if (entry.again) requestInvalidation(scope, topic);
      }, 1000),
    };
    throttled.set(key, entry);
  };

  const unsubscribe = store.subscribe((diffs: readonly ScopeDiff[]) => {
    pace();
    for (const diff of diffs) {
      io.to(diff.scope).emit('diff', diff);
      metrics.diffsSent++;
    }
  });

  // Paused clients get nothing until they drain, health included.
  const broadcastHealth = () => io.except(LAGGING_ROOM).emit('health', deps.health());
  const healthTimer = setInterval(broadcastHealth, options.healthIntervalMs);
  // Paused clients may drain while nothing changes; check them without waiting for a diff.
  const paceTimer = setInterval(pace, 250);

  return {
    io,
    metrics,
    invalidate: requestInvalidation,
    broadcastHealth,
    close: async () => {
      clearInterval(healthTimer);
      clearInterval(paceTimer);
      for (const t of throttled.values()) clearTimeout(t.timer);
      unsubscribe();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
