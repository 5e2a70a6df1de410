// Decides which socket clients have fallen behind. A client whose outgoing queue grows past
// the limits stops receiving diffs (and snapshots); once its queue has drained it gets a
// fresh snapshot per scope. So one slow browser costs only itself a snapshot, never the
// others their latency; one that has not caught up within the timeout is disconnected, so a
// client that never reads holds at most the cap, and not for ever.

export interface ClientBacklog {
  id: string;
  /** Packets engine.io holds because the transport is not writable. */
  queuedPackets: number;
  /** Bytes of those packets plus the bytes the websocket has accepted but not yet written. */
  queuedBytes: number;
  /** Paused: it gets no diffs nor snapshots until it drains. */
  paused: boolean;
  /**
   * When it was first paused since it last caught up (acknowledged every snapshot sent to it
   * while not paused). Draining into kernel buffers and being paused again does not reset it.
   */
  behindSince: number | null;
}

export interface PacingLimits {
  maxQueuedPackets: number;
  /** The cap on queued bytes per client (--max-client-queue). */
  maxQueuedBytes: number;
  /** A client paused and not caught up after this long is disconnected (--slow-client-timeout). */
  slowClientTimeoutMs: number;
}

export const DEFAULT_PACING_LIMITS: PacingLimits = { maxQueuedPackets: 64, maxQueuedBytes: 16 * 1024 * 1024, slowClientTimeoutMs: 60_000 };

export interface PacingPlan {
  /** Stop sending diffs to these clients. */
  pause: string[];
  /** These clients have drained: send them fresh snapshots and resume diffs. */
  resume: string[];
  /** Behind for longer than the timeout, and paused without having drained. */
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
    if (!c.paused) {
      if (isOverLimits(c, limits)) pause.push(c.id);
    } else if (drained) {
      resume.push(c.id);
    } else if (now - (c.behindSince ?? now) > limits.slowClientTimeoutMs) {
      disconnect.push(c.id);
    }
  }
  return { pause, resume, disconnect };
}
