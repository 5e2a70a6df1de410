// The socket hub: one socket.io room per scope. A subscriber gets the scope's snapshot at
// seq N, then every diff N+1, N+2, … from the scope's publisher (the overview, or an
// application of one cluster's engine). Clients that see a gap ask to resync;
// clients that fall behind are paused and caught up with a fresh snapshot (clientPacing).
// Everything a client sends is validated (lib/protocol) before it touches anything, and every
// message costs bounded work: handshakes pass the Origin and connection limits (allowRequest),
// messages a rate limit (socket middleware), and a snapshot is sent at most once per scope
// until the client acknowledges it, never to a paused client, never past the queue cap.
// Longer than most files here because it wires those rules to socket.io's events in one
// place; the decisions themselves are pure modules beside it (clientLimits, clientPacing,
// engineConnection, originPolicy). With identities on (deps.access), a handshake must sign in,
// an application scope is subscribed only where the person may list pods, the overview is
// filtered per connection to the namespaces they may read (connections with the same set share
// one filtered diff), and every connection's access is checked again periodically: a scope it
// may no longer read ends with a message ('ended'). A kiosk token is a viewer like a person
// (its grant decides). Each identity (person or token label) holds a bounded number of
// connections and subscriptions (identityLimits), and every subscription asked for is written
// to the audit log with who asked and the decision.

import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { Server as Engine, type Socket as EngineSocket } from 'engine.io';
import { Server, type Socket } from 'socket.io';
import type { DashboardHealth } from '../../lib/apiTypes';
import { healthForViewer } from '../../lib/access/healthForViewer';
import { filterOverviewDiff, filterOverviewState, readableSignature, type ReadableNamespaces } from '../../lib/access/readableNamespaces';
import { OVERVIEW_SCOPE_KEY, parseScopeKey } from '../../lib/snapshot/scope';
import type { ViewerAccess } from '../access/viewerAccess';
import type { AuditLog } from '../access/auditLog';
import { principalKey, type Principal } from '../../lib/access/identity';
import type { ClientToServerEvents, HelloMessage, InvalidationTopic, ServerToClientEvents } from '../../lib/protocol';
import { CLIENT_EVENTS, scopeKeyOf } from '../../lib/protocol';
import type { ScopeDiff, ScopeState } from '../../lib/snapshot/scopeState';
import { originAllowed } from '../http/originPolicy';
import type { Logger } from '../log';
import type { Cancel, Scheduler } from '../scheduling/scheduler';
import type { ScopeDiffListener } from '../store/scopePublisher';
import { ClientLimiter, type ClientLimits, type MessageBudget } from './clientLimits';
import { isOverLimits, planClientPacing, type PacingLimits } from './clientPacing';
import { IdentityLimiter, type IdentityLimits } from './identityLimits';
import { measureBacklog, payloadSize, terminate } from './engineConnection';
import { textPacketParser } from './textPacketEncoder';

export interface SocketHubOptions {
  maxScopesPerClient: number;
  pacing: PacingLimits;
  limits: ClientLimits;
  /** Absent: identities are not limited (tests of other rules). */
  identityLimits?: IdentityLimits;
  /** Origins besides the dashboard's own that may connect (--frame-ancestors, --allowed-origins). */
  allowedOrigins: readonly string[];
  healthIntervalMs: number;
  /** A snapshot not acknowledged after this long no longer holds back another one (clients of an older protocol never acknowledge). */
  snapshotAckTimeoutMs?: number;
}

/** Why a request, connection or message was refused; counted in /metrics. */
export type RefusalReason = 'host' | 'origin' | 'unauthenticated' | 'forbidden_page' | 'connections_total' | 'connections_per_address' | 'connections_per_identity' | 'subscriptions_per_identity' | 'message_rate' | 'address_message_rate' | 'queue_over_cap';
export type DisconnectReason = 'message_rate' | 'slow_client';
export type RefusalCounts = Record<RefusalReason, number>;

export function emptyRefusalCounts(): RefusalCounts {
  return { host: 0, origin: 0, unauthenticated: 0, forbidden_page: 0, connections_total: 0, connections_per_address: 0, connections_per_identity: 0, subscriptions_per_identity: 0, message_rate: 0, address_message_rate: 0, queue_over_cap: 0 };
}

/** Where scopes come from: their published state, and their diffs as they are published. */
export interface ScopeSource {
  scopeState(scope: string): ScopeState | null;
  subscribe(listener: ScopeDiffListener): () => void;
}

/** Identities (--auth proxy or oidc, kiosk tokens): who a handshake is, and how often access is checked again. */
export interface HubAccess {
  authenticate(handshake: { headers: http.IncomingHttpHeaders; address: string; token: unknown }): Promise<{ ok: true; viewer: ViewerAccess; expiresAt: number | null } | { ok: false; error: string }>;
  recheckIntervalMs: number;
  /** A subscription granted to this principal (kiosk token uses are counted by label). */
  used?(principal: Principal): void;
}

export interface SocketHubDeps {
  scopes: ScopeSource;
  /** Absent: everyone sees everything, and nothing is asked. */
  access?: HubAccess;
  audit?: AuditLog;
  health: () => DashboardHealth;
  scheduler: Scheduler;
  hello: HelloMessage;
  log: Logger;
  refusals: RefusalCounts;
}

interface ClientData {
  address: string;
  scopes: Set<string>;
  /** When the client was paused for falling behind; null while it is not. */
  laggingSince: number | null;
  /** When it was first paused since it last caught up (see clientPacing). */
  behindSince: number | null;
  /** Scope → the snapshot sent and not yet acknowledged (id, when). */
  unacked: Map<string, { id: number; at: number }>;
  budget: MessageBudget;
  /** Refused messages since the client was told it is going too fast; null when it was not. */
  refusedSinceNotice: number | null;
  /** The person (null with --auth none), when their credential expires, and what of the overview they may read. */
  viewer: ViewerAccess | null;
  expiresAt: number | null;
  overviewReadable: ReadableNamespaces | null;
  overviewSignature: string;
  /** What a restricted viewer may read, as last asked (health is narrowed to it); null until known. */
  readable: ReadableNamespaces | null;
  /** What per-identity limits count this connection under (null: no identity). */
  identityKey: string | null;
}

type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, ClientData>;

export interface HubMetrics {
  clients: number;
  diffsSent: number;
  snapshotsSent: number;
  /** Resyncs and subscribes answered by a snapshot already on its way. */
  snapshotsCoalesced: number;
  slowClientResyncs: number;
  rejectedMessages: number;
  /** Payload bytes handed to engine.io for all clients. */
  bytesQueued: number;
  disconnections: Record<DisconnectReason, number>;
}

export interface SocketHub {
  io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, ClientData>;
  /** socket.io's HTTP requests (long polling); the caller has checked the Host. */
  handleRequest(req: http.IncomingMessage, res: http.ServerResponse): void;
  /** socket.io's websocket upgrades; the caller has checked the Host. */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Tells the subscribers of `scope` to refetch `topic` (at most once per second per scope and topic). */
  invalidate(scope: string, topic: InvalidationTopic): void;
  metrics: HubMetrics;
  broadcastHealth(): void;
  close(): Promise<void>;
}

/** Clients paused for falling behind; room names of scopes never look like this. */
const LAGGING_ROOM = '#lagging';
/** Overview subscribers who see part of it: each gets the diffs filtered for them, not the room's. */
const FILTERED_OVERVIEW_ROOM = '#overview-filtered';
/** Viewers who read part of the dashboard: health, which names namespaces, is narrowed for each. */
const RESTRICTED_ROOM = '#restricted';
/** Until a restricted viewer's namespaces are known, its health names none. */
const NOTHING: ReadableNamespaces = { all: false, byCluster: new Map() };

/** The room a client's subscription to `scope` lives in. */
function roomFor(data: ClientData, scope: string): string {
  return scope === OVERVIEW_SCOPE_KEY && data.viewer?.restricted ? FILTERED_OVERVIEW_ROOM : scope;
}

export function createSocketHub(deps: SocketHubDeps, options: SocketHubOptions): SocketHub {
  const { scopes: store, log, refusals, scheduler } = deps;
  const healthFor = (data: ClientData, report = deps.health()) => (data.viewer?.restricted ? healthForViewer(report, data.readable ?? NOTHING) : report);
  const limiter = new ClientLimiter(options.limits);
  const identities = new IdentityLimiter(options.identityLimits ?? { maxConnectionsPerIdentity: Infinity, maxSubscriptionsPerIdentity: Infinity });
  const budgets = new WeakMap<EngineSocket, MessageBudget>();
  const metrics: HubMetrics = { clients: 0, diffsSent: 0, snapshotsSent: 0, snapshotsCoalesced: 0, slowClientResyncs: 0, rejectedMessages: 0, bytesQueued: 0, disconnections: { message_rate: 0, slow_client: 0 } };
  const ackTimeoutMs = options.snapshotAckTimeoutMs ?? 15_000;

  const engine = new Engine({
    // Clients only send tiny control messages.
    maxHttpBufferSize: 64 * 1024,
    // Snapshots of big applications are megabytes of repetitive JSON; diffs stay below the
    // threshold. ws applies the threshold only without context takeover (otherwise it compresses
    // every message and keeps a ~260 KB zlib context per connection, idle ones included); a
    // smaller window and memLevel cost under 3% of the ratio on snapshots.
    perMessageDeflate: { threshold: 16 * 1024, serverNoContextTakeover: true, serverMaxWindowBits: 13, clientMaxWindowBits: 10, zlibDeflateOptions: { memLevel: 7 } },
    // Only handshakes come here (requests with a session id belong to an admitted client).
    allowRequest: (req, answer) => {
      const address = req.socket.remoteAddress ?? 'unknown';
      const origin = req.headers.origin;
      if (!originAllowed(origin, req.headers.host, options.allowedOrigins)) {
        refusals.origin++;
        log.once('warn', `origin:${address}`, 'refused a socket connection from another origin', { origin, host: req.headers.host, address });
        return answer(`Origin ${origin} may not connect to this dashboard: only its own origin, --frame-ancestors and --allowed-origins may.`, false);
      }
      const admission = limiter.admit(address);
      if (!admission.ok) {
        refusals[admission.reason]++;
        log.once('warn', `admission:${admission.reason}:${address}`, 'refused a socket connection', { reason: admission.reason, address });
        return answer(admission.message, false);
      }
      answer(null, true);
    },
  });
  // No request can be admitted between allowRequest and this event (only microtasks run in
  // between), so the counts the limiter sees are exact.
  engine.on('connection', (conn: EngineSocket) => {
    const address = conn.remoteAddress;
    budgets.set(conn, limiter.opened(address));
    conn.on('packetCreate', (packet: { data?: unknown }) => { metrics.bytesQueued += payloadSize(packet.data); });
    conn.once('close', () => limiter.closed(address));
  });
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, ClientData>({ serveClient: false, parser: textPacketParser });
  io.bind(engine);

  const pause = (socket: HubSocket, why: string) => {
    if (socket.data.laggingSince !== null) return;
    socket.data.laggingSince = scheduler.now();
    socket.data.behindSince ??= socket.data.laggingSince;
    for (const scope of socket.data.scopes) void socket.leave(roomFor(socket.data, scope));
    void socket.join(LAGGING_ROOM);
    metrics.slowClientResyncs++;
    log.once('info', `paused:${socket.id}`, 'a client fell behind; pausing it until it drains', { client: socket.id, address: socket.data.address, why, ...measureBacklog(socket.conn) });
  };

  const disconnect = (socket: HubSocket, reason: DisconnectReason, context: Record<string, unknown>) => {
    metrics.disconnections[reason]++;
    log.warn('disconnected a client', { reason, client: socket.id, address: socket.data.address, ...context });
    socket.disconnect(true);
    terminate(socket.conn);
  };

  /**
   * Sends `scope`'s snapshot unless one is already on its way (not yet acknowledged), the
   * client is paused (it gets one per scope when it resumes) or its queue is over the cap
   * (then it is paused instead). `resume` sends regardless: the pause broke the diff stream.
   */
  let snapshotIds = 0;
  const sendSnapshot = (socket: HubSocket, scope: string, resume = false) => {
    const data = socket.data;
    const now = scheduler.now();
    if (!resume) {
      const onItsWay = data.unacked.get(scope);
      if (data.laggingSince !== null || (onItsWay && now - onItsWay.at < ackTimeoutMs)) { metrics.snapshotsCoalesced++; return; }
      const backlog = measureBacklog(socket.conn);
      if (isOverLimits(backlog, options.pacing)) {
        refusals.queue_over_cap++;
        pause(socket, 'its queue was over the cap when a snapshot was due');
        return;
      }
    }
    // A person's overview before their readable set is known would be everyone's: nothing yet.
    if (scope === OVERVIEW_SCOPE_KEY && data.viewer?.restricted && !data.overviewReadable) return;
    const published = store.scopeState(scope);
    if (!published) return;
    const state = scope === OVERVIEW_SCOPE_KEY && data.overviewReadable ? filterOverviewState(published, data.overviewReadable) : published;
    const id = ++snapshotIds;
    data.unacked.set(scope, { id, at: now });
    // No socket.io ack timeout: its timer would keep a closed socket alive; the age is checked above.
    socket.emit('snapshot', { state }, () => {
      if (data.unacked.get(scope)?.id === id) data.unacked.delete(scope);
      // Everything sent since it resumed has arrived: the client has caught up.
      if (data.laggingSince === null && data.unacked.size === 0) data.behindSince = null;
    });
    metrics.snapshotsSent++;
  };

  const reject = (socket: HubSocket, what: string, error: string) => {
    metrics.rejectedMessages++;
    // Once per client and kind: an attacker choosing new event names or scopes cannot flood the log.
    log.once('info', `rejected:${socket.id}:${what}`, 'rejected a client message', { what, error, client: socket.id, address: socket.data.address });
  };

  // Signing in happens once per connection, before it may subscribe to anything.
  const access = deps.access;
  if (access) {
    io.use((socket, next) => {
      const { headers, address, auth } = socket.handshake;
      access.authenticate({ headers, address, token: (auth as { token?: unknown } | undefined)?.token }).then((who) => {
        if (!who.ok) {
          refusals.unauthenticated++;
          log.once('info', `unauthenticated:${address}`, 'refused a socket connection that is not signed in', { address, error: who.error });
          return next(new Error(who.error));
        }
        const key = principalKey(who.viewer.principal);
        const admission = identities.connect(key);
        if (!admission.ok) {
          refusals[admission.reason]++;
          log.once('warn', `admission:${admission.reason}:${key}`, 'refused a socket connection', { reason: admission.reason, identity: key, address });
          return next(new Error(admission.message));
        }
        socket.data.viewer = who.viewer;
        socket.data.expiresAt = who.expiresAt;
        socket.data.identityKey = key;
        next();
      }, (e: unknown) => next(new Error(`could not check who you are: ${(e as Error).message}`)));
    });
  }

  /** Ends a subscription the client may no longer have, and tells it why. */
  const end = (socket: HubSocket, scope: string, message: string) => {
    const data = socket.data;
    if (!data.scopes.delete(scope)) return;
    identities.unsubscribe(data.identityKey);
    data.unacked.delete(scope);
    void socket.leave(roomFor(data, scope));
    if (scope === OVERVIEW_SCOPE_KEY) data.overviewReadable = null;
    socket.emit('ended', { scope, message });
    log.info('ended a subscription', { scope, client: socket.id, address: data.address, reason: message });
  };

  /** What of the overview this client may see now: joins the filtered room with a fresh snapshot when it changed. */
  const refreshOverview = async (socket: HubSocket, viewer: ViewerAccess) => {
    const readable = await viewer.readable();
    const data = socket.data;
    if (!socket.connected || !data.scopes.has(OVERVIEW_SCOPE_KEY)) return;
    const signature = readableSignature(readable);
    const first = data.overviewReadable === null;
    if (!first && signature === data.overviewSignature) return;
    // The set and the snapshot change together: diffs from here on are filtered the new way.
    data.overviewReadable = readable;
    data.overviewSignature = signature;
    if (data.laggingSince === null) {
      void socket.join(FILTERED_OVERVIEW_ROOM);
      sendSnapshot(socket, OVERVIEW_SCOPE_KEY, !first);
    }
  };

  /** Checks one client's access again: expired sign-ins end everything, revoked scopes end one by one. */
  const recheck = async (socket: HubSocket) => {
    const data = socket.data;
    const viewer = data.viewer;
    if (!viewer?.restricted) return;
    const isToken = viewer.principal.kind === 'token';
    const expired = data.expiresAt !== null && scheduler.now() >= data.expiresAt
      ? (isToken ? "This link's token has expired; ask for a new link." : 'Your sign-in has expired; reload the page to sign in again.')
      : null;
    const revoked = viewer.revoked();
    if (expired || revoked) {
      for (const scope of [...data.scopes]) end(socket, scope, expired ?? `This view ended: ${revoked}.`);
      socket.disconnect(true);
      return;
    }
    data.readable = await viewer.readable();
    for (const scope of [...data.scopes]) {
      if (scope === OVERVIEW_SCOPE_KEY) { await refreshOverview(socket, viewer); continue; }
      const parsed = parseScopeKey(scope);
      if (parsed?.kind !== 'app') continue;
      const denial = await viewer.check(parsed.cluster, parsed.namespace);
      if (denial && socket.connected) end(socket, scope, `This view ended: ${denial.message}.`);
    }
  };

  io.on('connection', (socket) => {
    metrics.clients++;
    const data = socket.data;
    data.address = socket.conn.remoteAddress;
    data.scopes = new Set();
    data.laggingSince = null;
    data.behindSince = null;
    data.unacked = new Map();
    data.budget = budgets.get(socket.conn)!;
    data.refusedSinceNotice = null;
    data.viewer ??= null;
    data.expiresAt ??= null;
    data.overviewReadable = null;
    data.overviewSignature = '';
    data.identityKey ??= null;
    data.readable = null;
    socket.emit('hello', deps.hello);
    socket.emit('health', healthFor(data));
    if (data.viewer?.restricted) {
      const viewer = data.viewer;
      void socket.join(RESTRICTED_ROOM);
      void viewer.readable().then((readable) => {
        data.readable = readable;
        if (socket.connected) socket.emit('health', healthFor(data));
      }, (e: Error) => log.warn('could not learn what a viewer may read; its health names no namespace', { client: socket.id, error: e.message }));
    }

    // Every message, known or not, takes a token first. A refused one is answered (when it
    // asked for an answer) and dropped; the first refusal tells the client, and a client that
    // goes on sending more than a burst after being told, without first keeping to the limit
    // for a whole burst's worth of time, is disconnected.
    socket.use(([event, ...args], next) => {
      if (data.refusedSinceNotice !== null && data.budget.rested()) data.refusedSinceNotice = null;
      const refusal = data.budget.take();
      if (refusal === null) {
        if (!CLIENT_EVENTS.has(event)) return reject(socket, 'event', `unknown event ${JSON.stringify(String(event).slice(0, 40))}`);
        return next();
      }
      refusals[refusal]++;
      const message = refusal === 'message_rate'
        ? `too many messages on this connection: at most ${options.limits.messageRate}/s (burst ${options.limits.messageBurst})`
        : `too many messages from ${data.address}: at most ${options.limits.addressMessageRate}/s (burst ${options.limits.addressMessageBurst}) per address`;
      const ack = args[args.length - 1];
      if (typeof ack === 'function') ack({ ok: false, error: message });
      if (data.refusedSinceNotice === null) {
        data.refusedSinceNotice = 0;
        socket.emit('limited', { reason: refusal, message, retryAfterMs: data.budget.retryAfterMs() });
        log.once('info', `limited:${socket.id}`, 'a client is sending too fast; refusing its messages', { client: socket.id, address: data.address, reason: refusal });
      } else if (++data.refusedSinceNotice > options.limits.messageBurst) {
        disconnect(socket, 'message_rate', { refusedAfterNotice: data.refusedSinceNotice, lastEvent: String(event).slice(0, 40) });
      }
    });

    socket.on('subscribe', async (raw, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      const parsed = scopeKeyOf(raw);
      if (!parsed.ok) { reject(socket, 'subscribe', parsed.error); return reply(parsed); }
      const scope = parsed.value;
      const principal: Principal = data.viewer?.principal ?? { kind: 'anonymous' };
      const refuse = (error: string) => {
        reject(socket, 'subscribe', error);
        deps.audit?.subscription(principal, scope, 'refused', error);
        return reply({ ok: false, error });
      };
      const tooMany = () => !data.scopes.has(scope) && data.scopes.size >= options.maxScopesPerClient;
      if (tooMany()) return refuse(`at most ${options.maxScopesPerClient} subscriptions per connection`);
      const viewer = data.viewer;
      if (viewer?.restricted) {
        const target = parseScopeKey(scope);
        const denial = target?.kind === 'app' ? await viewer.check(target.cluster, target.namespace) : null;
        if (denial) {
          socket.emit('ended', { scope, message: `${denial.message}.` });
          return refuse(denial.message);
        }
        // Asked while the answer was awaited: the bound holds still.
        if (tooMany()) return refuse(`at most ${options.maxScopesPerClient} subscriptions per connection`);
      }
      // A scope it holds already is asked again (a reconnect, a resync): it takes no second place.
      if (!data.scopes.has(scope)) {
        const held = identities.subscribe(data.identityKey);
        if (!held.ok) {
          refusals[held.reason]++;
          return refuse(held.message);
        }
        data.scopes.add(scope);
        deps.audit?.subscription(principal, scope, 'allowed');
        deps.access?.used?.(principal);
      }
      if (viewer?.restricted && scope === OVERVIEW_SCOPE_KEY) {
        if (data.overviewReadable) sendSnapshot(socket, scope);
        else await refreshOverview(socket, viewer);
        return reply({ ok: true, value: { scope, seq: store.scopeState(scope)?.seq ?? 0 } });
      }
      if (data.laggingSince === null) void socket.join(scope);
      sendSnapshot(socket, scope);
      reply({ ok: true, value: { scope, seq: store.scopeState(scope)?.seq ?? 0 } });
    });

    socket.on('unsubscribe', (raw) => {
      const parsed = scopeKeyOf(raw);
      if (!parsed.ok) return reject(socket, 'unsubscribe', parsed.error);
      if (data.scopes.delete(parsed.value)) identities.unsubscribe(data.identityKey);
      // A snapshot on its way belongs to the ended subscription; a new one gets its own.
      data.unacked.delete(parsed.value);
      void socket.leave(roomFor(data, parsed.value));
      if (parsed.value === OVERVIEW_SCOPE_KEY) data.overviewReadable = null;
    });

    socket.on('resync', (raw) => {
      const parsed = scopeKeyOf(raw);
      if (!parsed.ok) return reject(socket, 'resync', parsed.error);
      if (data.scopes.has(parsed.value)) sendSnapshot(socket, parsed.value);
    });

    socket.on('disconnect', () => {
      metrics.clients--;
      identities.disconnect(data.identityKey, data.scopes.size);
      data.scopes.clear();
    });
  });

  const pace = () => {
    limiter.sweep();
    const sockets = [...io.of('/').sockets.values()];
    if (!sockets.length) return;
    const now = scheduler.now();
    const plan = planClientPacing(sockets.map((s) => ({ id: s.id, paused: s.data.laggingSince !== null, behindSince: s.data.behindSince, ...measureBacklog(s.conn) })), options.pacing, now);
    for (const id of plan.pause) {
      const s = io.of('/').sockets.get(id);
      if (s) pause(s, 'its queue grew over the limits');
    }
    for (const id of plan.resume) {
      const s = io.of('/').sockets.get(id);
      if (!s) continue;
      s.data.laggingSince = null;
      void s.leave(LAGGING_ROOM);
      s.emit('health', healthFor(s.data));
      for (const scope of s.data.scopes) { void s.join(roomFor(s.data, scope)); sendSnapshot(s, scope, true); }
      if (s.data.unacked.size === 0) s.data.behindSince = null;
    }
    for (const id of plan.disconnect) {
      const s = io.of('/').sockets.get(id);
      if (s) disconnect(s, 'slow_client', { behindForMs: now - (s.data.behindSince ?? now), ...measureBacklog(s.conn) });
    }
  };

  // At most one invalidation per scope and topic per second; a change inside that second is
  // followed by one more at its end, so the last change is never lost.
  const throttled = new Map<string, { cancel: Cancel; again: boolean }>();
  const requestInvalidation = (scope: string, topic: InvalidationTopic): void => {
    const key = `${scope} ${topic}`;
    const pending = throttled.get(key);
    if (pending) { pending.again = true; return; }
    io.to(scope).emit('invalidate', { scope, topic });
    const entry = {
      again: false,
      cancel: scheduler.after(1000, () => {
        throttled.delete(key);
        if (entry.again) requestInvalidation(scope, topic);
      }),
    };
    throttled.set(key, entry);
  };

  const unsubscribe = store.subscribe((diffs: readonly ScopeDiff[]) => {
    pace();
    for (const diff of diffs) {
      io.to(diff.scope).emit('diff', diff);
      metrics.diffsSent++;
      if (diff.scope === OVERVIEW_SCOPE_KEY) sendFilteredOverview(diff);
    }
  });

  /** One filtered diff per distinct readable set, broadcast to the clients that share it (encoded once). */
  function sendFilteredOverview(diff: ScopeDiff): void {
    const members = io.of('/').adapter.rooms.get(FILTERED_OVERVIEW_ROOM);
    if (!members?.size) return;
    const groups = new Map<string, { readable: ReadableNamespaces; ids: string[] }>();
    for (const id of members) {
      const data = io.of('/').sockets.get(id)?.data;
      if (!data?.overviewReadable) continue;
      let group = groups.get(data.overviewSignature);
      if (!group) groups.set(data.overviewSignature, group = { readable: data.overviewReadable, ids: [] });
      group.ids.push(id);
    }
    for (const { readable, ids } of groups.values()) {
      io.to(ids).emit('diff', filterOverviewDiff(diff, readable));
      metrics.diffsSent++;
    }
  }

  // Access is asked again on a schedule (the answers' cache expires on its own): revocations reach open pages.
  let rechecking = false;
  const cancelRecheck = access ? scheduler.every(access.recheckIntervalMs, () => {
    if (rechecking) return;
    rechecking = true;
    const sockets = [...io.of('/').sockets.values()].filter((s) => s.data.viewer?.restricted);
    void Promise.allSettled(sockets.map(recheck)).finally(() => { rechecking = false; });
  }) : () => {};

  // Paused clients get nothing until they drain, health included; a client whose transport is
  // busy skips this report (volatile: it is sent again within the interval, never queued).
  const broadcastHealth = () => {
    const report = deps.health();
    io.except(LAGGING_ROOM).except(RESTRICTED_ROOM).volatile.emit('health', report);
    // Narrowed once per distinct set of namespaces, as the filtered overview is.
    const narrowed = new Map<string, DashboardHealth>();
    for (const id of io.of('/').adapter.rooms.get(RESTRICTED_ROOM) ?? []) {
      const s = io.of('/').sockets.get(id);
      if (!s || s.data.laggingSince !== null) continue;
      const signature = readableSignature(s.data.readable ?? NOTHING);
      let h = narrowed.get(signature);
      if (!h) narrowed.set(signature, h = healthFor(s.data, report));
      s.volatile.emit('health', h);
    }
  };
  const cancelHealth = scheduler.every(options.healthIntervalMs, broadcastHealth);
  // Paused clients may drain while nothing changes; check them without waiting for a diff.
  const cancelPace = scheduler.every(250, pace);

  return {
    io,
    metrics,
    handleRequest: (req, res) => engine.handleRequest(req, res),
    handleUpgrade: (req, socket, head) => engine.handleUpgrade(req, socket, head),
    invalidate: requestInvalidation,
    broadcastHealth,
    close: async () => {
      cancelHealth();
      cancelPace();
      cancelRecheck();
      for (const t of throttled.values()) t.cancel();
      unsubscribe();
      io.disconnectSockets(true);
      await io.close();
    },
  };
}
