// Decides which socket clients have fallen behind. A client whose outgoing queue grows past
// the limits stops receiving diffs (and snapshots); once its queue has drained it gets a
// fresh snapshot per scope. So one slow browser costs only itself a snapshot, never the
// others their latency; one that does not drain within the timeout is disconnected, so a
// client that never reads holds at most the cap, and not for ever.

export interface ClientBacklog {
  id: string;
  /** Packets engine.io holds because the transport is not writable. */
  queuedPackets: number;
  /** Bytes of those packets plus the bytes the websocket has accepted but not yet written. */
  queuedBytes: number;
  /** When the client was paused; null while it is not. */
  laggingSince: number | null;
}

export interface PacingLimits {
  maxQueuedPackets: number;
  /** The cap on queued bytes per client (--max-client-queue). */
  maxQueuedBytes: number;
  /** A paused client that has not drained after this long is disconnected (--slow-client-timeout). */
  slowClientTimeoutMs: number;
}

export const DEFAULT_PACING_LIMITS: PacingLimits = { maxQueuedPackets: 64, maxQueuedBytes: 16 * 1024 * 1024, slowClientTimeoutMs: 60_000 };

export interface PacingPlan {
  /** Stop sending diffs to these clients. */
  pause: string[];
  /** These clients have drained: send them fresh snapshots and resume diffs. */
  resume: string[];
  /** Paused for longer than the timeout without draining. */
  disconnect: string[];
}

export function isOverLimits(c: Pick<ClientBacklog, 'queuedPackets' | 'queuedBytes'>, limits: PacingLimits): boolean {
  return c.queuedPackets > limits.maxQueuedPackets || c.queuedBytes > limits.maxQueuedBytes;
}

export function planClientPacing(clients: readonly ClientBacklog[], limits: PacingLimits, now: number): PacingPlan {
  const pause: string[] = [], resume: string[] = [], disconnect: string[] = [];
  for (const c of clients) {
    // Resume only well below the limit, so a client at the edge does not flap.
    const drained = c.queuedPackets === 0 && c.queuedBytes < limits.maxQueuedBytes / 4;
    if (c.laggingSince === null) {
      if (isOverLimits(c, limits)) pause.push(c.id);
    } else if (drained) {
      resume.push(c.id);
    } else if (now - c.laggingSince > limits.slowClientTimeoutMs) {
      disconnect.push(c.id);
    }
  }
  return { pause, resume, disconnect };
}
