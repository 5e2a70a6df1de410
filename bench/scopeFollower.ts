// The measuring client of bench/engine and bench/scale: one socket.io connection that follows
// application scopes as a browser does (snapshot, then diffs in order, a resync on a gap) and
// reports each executor whose state changed, with the time its diff arrived, and the bytes of
// diff frames on the wire.

import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../lib/protocol';
import { parseScopeKey, type Scope } from '../lib/snapshot/scope';
import type { ScopeDiff, ScopeState } from '../lib/snapshot/scopeState';
import { applyDiff, diffFit } from '../lib/snapshot/scopeState';
import { nowMs } from './benchCli';

export interface ScopeFollower {
  readonly states: Map<string, ScopeState>;
  /** Bytes of diff frames and executors changed by them since the last reset. */
  readonly stats: { diffBytes: number; changed: number };
  resetStats(): void;
  subscribe(scope: Scope): void;
  connected: Promise<void>;
  disconnect(): void;
}

/** `onStateChange(scope, podName, at)` for each executor row a diff gave a new state. */
export function followScopes(origin: string, onStateChange: (scope: Scope, podName: string, at: number) => void): ScopeFollower {
  const states = new Map<string, ScopeState>();
  const nameOfSlot = new Map<string, string>();
  const stats = { diffBytes: 0, changed: 0 };
  const client: Socket<ServerToClientEvents, ClientToServerEvents> = io(origin, { transports: ['websocket'], forceNew: true });
  const connected = new Promise<void>((resolve) => client.on('connect', () => {
    const ws = (client.io.engine.transport as unknown as { ws?: { on(ev: 'message', cb: (d: Buffer | string) => void): void } }).ws;
    ws?.on('message', (d) => { const s = d.toString(); if (s.startsWith('42["diff"')) stats.diffBytes += Buffer.byteLength(s); });
    resolve();
  }));
  client.on('snapshot', ({ state }, received) => {
    received();
    states.set(state.scope, state);
    for (const r of state.rows) if (r) nameOfSlot.set(`${state.scope}#${r.k}`, r.name);
  });
  client.on('diff', (d: ScopeDiff) => {
    const at = nowMs();
    const state = states.get(d.scope);
    const scope = parseScopeKey(d.scope);
    if (!state || !scope) return;
    const fit = diffFit(state, d);
    if (fit === 'gap') return void client.emit('resync', scope);
    if (fit === 'stale') return;
    states.set(d.scope, applyDiff(state, d));
    for (const r of d.added ?? []) nameOfSlot.set(`${d.scope}#${r.k}`, r.name);
    stats.changed += (d.added?.length ?? 0) + (d.changed?.length ?? 0) + (d.removed?.length ?? 0);
    for (const p of d.changed ?? []) if (p.state) onStateChange(scope, nameOfSlot.get(`${d.scope}#${p.k}`)!, at);
  });
  return {
    states, stats, connected,
    resetStats: () => { stats.diffBytes = 0; stats.changed = 0; },
    subscribe: (scope) => void client.emit('subscribe', scope),
    disconnect: () => void client.disconnect(),
  };
}
