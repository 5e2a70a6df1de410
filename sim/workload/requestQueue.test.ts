import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../../server/kube/kubeTransport';
import { classifyError, createRequestQueue, SkippedRequestError } from './requestQueue';

describe('createRequestQueue', () => {
  it('never has more than maxConcurrent requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const api = {
      async requestJson<T>(): Promise<T> {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        return {} as T;
      },
    };
    const queue = createRequestQueue(api, 3);
    await Promise.all(Array.from({ length: 20 }, () => queue.request('GET', '/x')));
    expect(peak).toBe(3);
    await queue.idle();
    expect(queue.stats()).toMatchObject({ requests: 20, inFlight: 0, queued: 0, errors: 0 });
  });

  it('counts errors by class and rethrows them', async () => {
    const errors = [new KubeApiError('conflict', 409), new KubeApiError('gone', 404), new KubeApiError('down', 503), new KubeApiError('refused', null, 'NetworkError')];
    let i = 0;
    const queue = createRequestQueue({ requestJson: async () => { throw errors[i++]; } }, 2);
    const results = await Promise.allSettled(errors.map(() => queue.request('GET', '/x')));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(queue.stats().errorsByClass).toMatchObject({ conflict: 1, notFound: 1, unavailable: 2 });
    expect(queue.stats().errors).toBe(4);
  });

  it('drops a queued request whose `unless` holds when its turn comes, without sending it', async () => {
    const sent: string[] = [];
    const queue = createRequestQueue({ requestJson: async <T>(_m: string, path: string) => { sent.push(path); await new Promise((r) => setTimeout(r, 1)); return {} as T; } }, 1);
    let gone = false;
    const first = queue.request('GET', '/first');
    const second = queue.request('GET', '/second', { unless: () => gone });
    gone = true;
    await first;
    await expect(second).rejects.toBeInstanceOf(SkippedRequestError);
    expect(sent).toEqual(['/first']);
    expect(queue.stats()).toMatchObject({ requests: 1, skipped: 1, errors: 0 });
  });
});

describe('classifyError', () => {
  it('maps statuses to what an actor does about them', () => {
    expect(classifyError(new KubeApiError('x', 409))).toBe('conflict');
    expect(classifyError(new KubeApiError('x', 404))).toBe('notFound');
    expect(classifyError(new KubeApiError('x', 403))).toBe('forbidden');
    expect(classifyError(new KubeApiError('x', 422))).toBe('invalid');
    expect(classifyError(new KubeApiError('x', 415))).toBe('unsupported');
    expect(classifyError(new KubeApiError('x', 429))).toBe('unavailable');
    expect(classifyError(new KubeApiError('x', 500))).toBe('unavailable');
    expect(classifyError(new KubeApiError('x', null))).toBe('unavailable');
    expect(classifyError(new Error('ECONNREFUSED'))).toBe('unavailable');
  });
});
