// The only place that reads engine.io's and ws's internals. What one client has queued on the
// server: packets engine.io holds while the transport is busy, and the bytes the websocket
// has accepted but not yet handed to the kernel (ws's bufferedAmount: the socket's write
// buffer plus messages waiting for per-message deflate). And how to drop a client at once.

import type { Socket as EngineSocket } from 'engine.io';

interface EngineInternals {
  writeBuffer?: { data?: unknown }[];
  transport?: { socket?: { bufferedAmount?: number; terminate?: () => void } };
}

/** Size of a packet's payload: string length (JSON is nearly all ASCII, so close to bytes) or byte length. */
export function payloadSize(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

export function measureBacklog(conn: EngineSocket): { queuedPackets: number; queuedBytes: number } {
  const internals = conn as unknown as EngineInternals;
  const buffer = internals.writeBuffer ?? [];
  let bytes = 0;
  for (const packet of buffer) bytes += payloadSize(packet.data);
  return { queuedPackets: buffer.length, queuedBytes: bytes + (internals.transport?.socket?.bufferedAmount ?? 0) };
}

/**
 * Closes the connection now. engine.io's own close waits until the queue has drained, which a
 * client that does not read never lets happen; terminating the websocket frees its buffers.
 */
export function terminate(conn: EngineSocket): void {
  const ws = (conn as unknown as EngineInternals).transport?.socket;
  conn.close(true);
  ws?.terminate?.();
}
