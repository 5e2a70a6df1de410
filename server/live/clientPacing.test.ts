import { describe, expect, it } from 'vitest';
import { planClientPacing } from './clientPacing';

const limits = { maxQueuedPackets: 10, maxQueuedBytes: 1000, slowClientTimeoutMs: 5000 };

describe('planClientPacing', () => {
  it('pauses clients over either limit and leaves the rest alone', () => {
    const plan = planClientPacing([
      { id: 'ok', queuedPackets: 2, queuedBytes: 100, paused: false, behindSince: null },
      { id: 'queue', queuedPackets: 11, queuedBytes: 0, paused: false, behindSince: null },
      { id: 'bytes', queuedPackets: 0, queuedBytes: 1001, paused: false, behindSince: null },
    ], limits, 0);
    expect(plan).toEqual({ pause: ['queue', 'bytes'], resume: [], disconnect: [] });
  });

  it('resumes a paused client only once it has drained well below the limit', () => {
    const plan = planClientPacing([
      { id: 'drained', queuedPackets: 0, queuedBytes: 100, paused: true, behindSince: 0 },
      { id: 'still-queued', queuedPackets: 1, queuedBytes: 0, paused: true, behindSince: 0 },
      { id: 'edge', queuedPackets: 0, queuedBytes: 300, paused: true, behindSince: 0 },
    ], limits, 1000);
    expect(plan).toEqual({ pause: [], resume: ['drained'], disconnect: [] });
  });

  it('disconnects a client paused for longer than the timeout without draining', () => {
    const clients = [
      { id: 'stuck', queuedPackets: 0, queuedBytes: 5000, paused: true, behindSince: 0 },
      { id: 'recent', queuedPackets: 30, queuedBytes: 5000, paused: true, behindSince: 4000 },
      { id: 'drained-late', queuedPackets: 0, queuedBytes: 0, paused: true, behindSince: 0 },
    ];
    expect(planClientPacing(clients, limits, 5001)).toEqual({ pause: [], resume: ['drained-late'], disconnect: ['stuck'] });
  });

  it('counts the time behind from the first pause, across resumes that were never caught up', () => {
    // Paused at 0, drained into the kernel and resumed, paused again at 4000 without acknowledging.
    expect(planClientPacing([{ id: 'flapping', queuedPackets: 0, queuedBytes: 5000, paused: true, behindSince: 0 }], limits, 5001).disconnect).toEqual(['flapping']);
  });
});
