import { describe, expect, it } from 'vitest';
import { planClientPacing } from './clientPacing';

const limits = { maxQueuedPackets: 10, maxBufferedBytes: 1000 };

describe('planClientPacing', () => {
  it('pauses clients over either limit and leaves the rest alone', () => {
    const plan = planClientPacing([
      { id: 'ok', queuedPackets: 2, bufferedBytes: 100, lagging: false },
      { id: 'queue', queuedPackets: 11, bufferedBytes: 0, lagging: false },
      { id: 'bytes', queuedPackets: 0, bufferedBytes: 1001, lagging: false },
    ], limits);
    expect(plan).toEqual({ pause: ['queue', 'bytes'], resume: [] });
  });

  it('resumes a paused client only once it has drained well below the limit', () => {
    const plan = planClientPacing([
      { id: 'drained', queuedPackets: 0, bufferedBytes: 100, lagging: true },
      { id: 'still-queued', queuedPackets: 1, bufferedBytes: 0, lagging: true },
      { id: 'edge', queuedPackets: 0, bufferedBytes: 300, lagging: true },
    ], limits);
    expect(plan).toEqual({ pause: [], resume: ['drained'] });
  });
});
