// The crowd of bench/engine.ts and bench/scale.ts: many socket.io clients, in a process of
// their own so that their parsing never delays the client that measures latency. Each
// subscribes to the overview, or (bench/scale) to one scope of a list given as JSON, in turn.
// Reports how many diffs and bytes arrived and how far behind their server timestamps they were.

import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../lib/protocol';
import type { Scope } from '../lib/snapshot/scope';

const [origin, countText, scopesJson] = process.argv.slice(2);
const count = Number(countText);
const scopes: Scope[] = scopesJson ? JSON.parse(scopesJson) as Scope[] : [{ kind: 'overview' }];
let bytes = 0;
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
let diffs = 0, snapshots = 0;
const lags: number[] = [];

async function main(): Promise<void> {
  for (let i = 0; i < count; i++) {
    const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(origin, { transports: ['websocket'], forceNew: true });
    s.on('connect', () => {
      s.emit('subscribe', scopes[i % scopes.length]!);
      const ws = (s.io.engine.transport as unknown as { ws?: { on(ev: 'message', cb: (d: Buffer | string) => void): void } }).ws;
      ws?.on('message', (d) => { bytes += typeof d === 'string' ? Buffer.byteLength(d) : d.length; });
    });
    s.on('snapshot', (_msg, received) => { received(); snapshots++; });
    // Diffs carry the flush time: how long after the flush the crowd saw them.
    s.on('diff', (d) => { diffs++; if (i % 10 === 0) lags.push(Date.now() - d.at); });
    sockets.push(s);
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 50));
  }
  while (sockets.some((s) => !s.connected)) await new Promise((r) => setTimeout(r, 50));
  process.send!({ ev: 'connected' });
  process.on('message', (m: { cmd: string }) => {
    if (m.cmd === 'reset') { diffs = 0; snapshots = 0; bytes = 0; lags.length = 0; }
    if (m.cmd === 'report') process.send!({ ev: 'report', diffs, snapshots, bytes, lags, connected: sockets.filter((s) => s.connected).length });
    if (m.cmd === 'stop') { for (const s of sockets) s.disconnect(); process.exit(0); }
  });
}

void main();
