// The socket contract between the server's live hub and browsers: event names, payload
// types, the ack Result<T>, and the schema of everything a client sends (a client is
// untrusted input; zod validates it before the hub touches it). Both `new Server<…>()` and
// `io<…>()` take these interfaces.

import { z } from 'zod';
import type { DashboardHealth } from './apiTypes';
import { isClusterId } from './cluster';
import { operatorNameOf } from './operator/operatorApp';
import type { Scope } from './snapshot/scope';
import { scopeKey } from './snapshot/scope';
import type { ScopeDiff, ScopeState } from './snapshot/scopeState';

export const PROTOCOL_VERSION = 2;

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export interface SnapshotMessage {
  state: ScopeState;
}

export interface HelloMessage {
  protocol: number;
  /** Changes when the server is upgraded; long-running displays reload on a change. */
  buildId: string;
  startedAt: number;
}

/**
 * Something a page fetches over HTTP changed: `volumes` when a claim was bound or executors
 * came or went; `why` when an event about one of the application's pods or claims arrived or a
 * log tail was kept (its causes, events and log tails are worth fetching again).
 */
/** What an open page should fetch again: volumes, causes, or the operator application behind it. */
export type InvalidationTopic = 'volumes' | 'why' | 'operator';

export interface InvalidateMessage {
  scope: string;
  topic: InvalidationTopic;
}

/** Sent once when a client's messages start being refused for going too fast; more of them get it disconnected. */
export interface LimitNotice {
  reason: 'message_rate' | 'address_message_rate';
  message: string;
  retryAfterMs: number;
}

/**
 * A subscription the server ended (or refused): the person may not read the scope (their
 * access was revoked, or never granted), or their sign-in expired. The client stops expecting
 * its diffs and shows the message.
 */
export interface EndedMessage {
  scope: string;
  message: string;
}

export interface ServerToClientEvents {
  hello: (msg: HelloMessage) => void;
  invalidate: (msg: InvalidateMessage) => void;
  /**
   * Acknowledge on receipt: until then the server counts the snapshot as on its way, and a
   * resync or subscribe for its scope costs nothing more (the snapshot will answer it).
   */
  snapshot: (msg: SnapshotMessage, received: () => void) => void;
  diff: (msg: ScopeDiff) => void;
  health: (msg: DashboardHealth) => void;
  limited: (msg: LimitNotice) => void;
  ended: (msg: EndedMessage) => void;
}

export interface ClientToServerEvents {
  subscribe: (scope: unknown, ack?: (res: Result<{ scope: string; seq: number }>) => void) => void;
  unsubscribe: (scope: unknown) => void;
  /** Ask for a fresh snapshot after a gap in seq. */
  resync: (scope: unknown) => void;
}

/** What a client may send; anything else is refused. */
export const CLIENT_EVENTS: ReadonlySet<string> = new Set<keyof ClientToServerEvents>(['subscribe', 'unsubscribe', 'resync']);

// ---------------------------------------------------------------- validation

/** Kubernetes namespace: a DNS-1123 label. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** spark-app-selector is a label value: empty, or up to 63 of [A-Za-z0-9._-], alphanumeric at both ends. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

export function isNamespace(v: unknown): v is string {
  return typeof v === 'string' && NAMESPACE.test(v);
}

/** A spark-app-selector label value, or an operator application without pods (lib/operator/operatorApp). */
export function isAppId(v: unknown): v is string {
  return typeof v === 'string' && ((v.length <= 63 && LABEL_VALUE.test(v)) || operatorNameOf(v) !== null);
}

const SCOPE_SCHEMA = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('overview') }).strict(),
  z.object({
    kind: z.literal('app'),
    cluster: z.string().refine(isClusterId, 'scope.cluster must be a cluster id'),
    namespace: z.string().refine(isNamespace, 'scope.namespace must be a Kubernetes namespace name'),
    appId: z.string().refine(isAppId, 'scope.appId must be a spark-app-selector label value'),
  }).strict(),
], { error: 'scope must be an object like {"kind":"overview"} or {"kind":"app","cluster":"…","namespace":"…","appId":"…"}' });

export function parseScope(input: unknown): Result<Scope> {
  const parsed = SCOPE_SCHEMA.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const where = (path: PropertyKey[]) => (path.length ? `scope.${path.map(String).join('.')}: ` : '');
  return { ok: false, error: parsed.error.issues.map((i) => (i.message.startsWith('scope') ? i.message : where(i.path) + i.message)).join('; ') };
}

export function scopeKeyOf(input: unknown): Result<string> {
  const parsed = parseScope(input);
  return parsed.ok ? { ok: true, value: scopeKey(parsed.value) } : parsed;
}
