// The crowd of bench/engine.ts: many socket.io clients subscribed to the overview, in a
// process of their own so that their parsing never delays the client that measures latency.
// Reports how many diffs arrived and how far behind their server timestamps they were.

import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../lib/protocol';

const [origin, countText] = process.argv.slice(2);
const count = Number(countText);
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
let diffs = 0, snapshots = 0;
const lags: number[] = [];

async function main(): Promise<void> {
  for (let i = 0; i < count; i++) {
    const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(origin, { transports: ['websocket'], forceNew: true });
    s.on('connect', () => s.emit('subscribe', { kind: 'overview' }));
    s.on('snapshot', (_msg, received) => { received(); snapshots++; });
    // Diffs carry the flush time: how long after the flush the crowd saw them.
    s.on('diff', (d) => { diffs++; if (i % 10 === 0) lags.push(Date.now() - d.at); });
    sockets.push(s);
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 50));
  }
  while (sockets.some((s) => !s.connected)) await new Promise((r) => setTimeout(r, 50));
  process.send!({ ev: 'connected' });
  process.on('message', (m: { cmd: string }) => {
    if (m.cmd === 'reset') { diffs = 0; snapshots = 0; lags.length = 0; }
    if (m.cmd === 'report') process.send!({ ev: 'report', diffs, snapshots, lags });
    if (m.cmd === 'stop') { for (const s of sockets) s.disconnect(); process.exit(0); }
  });
}

void main();
