// Decides which socket clients have fallen behind. A client whose outgoing queue grows past
// the limits stops receiving diffs; once its queue has drained it gets a fresh snapshot.
// So one slow browser costs only itself a snapshot, never the others their latency.

export interface ClientBacklog {
  id: string;
  /** Packets engine.io holds because the transport is not writable. */
  queuedPackets: number;
  /** Bytes the websocket has accepted but not yet written to the network. */
  bufferedBytes: number;
  lagging: boolean;
}

export interface PacingLimits {
  maxQueuedPackets: number;
  maxBufferedBytes: number;
}

export const DEFAULT_PACING_LIMITS: PacingLimits = { maxQueuedPackets: 64, maxBufferedBytes: 8 * 1024 * 1024 };

export interface PacingPlan {
  /** Stop sending diffs to these clients. */
  pause: string[];
  /** These clients have drained: send them fresh snapshots and resume diffs. */
  resume: string[];
}

export function planClientPacing(clients: readonly ClientBacklog[], limits: PacingLimits = DEFAULT_PACING_LIMITS): PacingPlan {
  const pause: string[] = [], resume: string[] = [];
  for (const c of clients) {
    const over = c.queuedPackets > limits.maxQueuedPackets || c.bufferedBytes > limits.maxBufferedBytes;
    // Resume only well below the limit, so a client at the edge does not flap.
    const drained = c.queuedPackets === 0 && c.bufferedBytes < limits.maxBufferedBytes / 4;
    if (!c.lagging && over) pause.push(c.id);
    else if (c.lagging && drained) resume.push(c.id);
  }
  return { pause, resume };
}
