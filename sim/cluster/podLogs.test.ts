import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { failedExecutor, runningExecutor } from '../../lib/spark/testing/podFixtures';
import type { KubePod } from '../../lib/kube/types';
import { followPodLog, podLog } from './podLogs';

/** Enough of a ServerResponse for the follower: what it wrote, whether it ended. */
function fakeResponse() {
  const r = Object.assign(new EventEmitter(), {
    chunks: [] as string[],
    writableEnded: false,
    write(text: string) { r.chunks.push(text); return true; },
    end() { r.writableEnded = true; },
  });
  return r;
}
const lines = (r: ReturnType<typeof fakeResponse>) => r.chunks.join('').split('\n').filter(Boolean);

describe('pods/log follow on the embedded cluster', () => {
  let now = 0;
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  const running = runningExecutor(1, { namespace: 'ns', appId: 'spark-a' });
  const startedAt = Date.parse(running.status!.containerStatuses![0].state!.running!.startedAt!);
  const q = { container: 'spark-kubernetes-executor', tailLines: 10, limitBytes: null, previous: false, timestamps: false };

  it('sends the tail asked for, then each new line once, as the container writes it', () => {
    now = startedAt + 10 * 60_000;
    let pod: KubePod | null = running;
    const res = fakeResponse();
    followPodLog(res as unknown as ServerResponse, () => pod, q, () => now, 1000);
    const first = lines(res);
    expect(first).toHaveLength(10);
    const once = podLog(running, q, now);
    expect('text' in once && first).toEqual('text' in once && once.text.split('\n').filter(Boolean));
    vi.advanceTimersByTime(1000);
    expect(lines(res)).toHaveLength(10);
    now += 5000;
    vi.advanceTimersByTime(1000);
    const after = lines(res);
    expect(after).toHaveLength(11);
    expect(after[10]).toMatch(/INFO Executor: Running task \d+\.0/);
    // The container ends: its last lines, then the stream ends with it.
    pod = failedExecutor(1, { namespace: 'ns', appId: 'spark-a', exitCode: 137, reason: 'OOMKilled' });
    vi.advanceTimersByTime(1000);
    expect(res.writableEnded).toBe(true);
    expect(lines(res).some((l) => l === 'java.lang.OutOfMemoryError: Java heap space')).toBe(true);
  });

  it('stops when the client leaves and when the pod is deleted', () => {
    now = startedAt + 60_000;
    const res = fakeResponse();
    followPodLog(res as unknown as ServerResponse, () => running, q, () => now, 1000);
    res.emit('close');
    expect(res.writableEnded).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    const gone = fakeResponse();
    let pod: KubePod | null = running;
    followPodLog(gone as unknown as ServerResponse, () => pod, q, () => now, 1000);
    pod = null;
    vi.advanceTimersByTime(1000);
    expect(gone.writableEnded).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops at limitBytes, like the kubelet', () => {
    now = startedAt + 10 * 60_000;
    const res = fakeResponse();
    followPodLog(res as unknown as ServerResponse, () => running, { ...q, limitBytes: 100 }, () => now, 1000);
    expect(Buffer.byteLength(res.chunks.join(''))).toBe(100);
    expect(res.writableEnded).toBe(true);
  });
});

describe('the Spark-shaped log of a failed pod', () => {
  it("reads as Spark's: a driver's lost executor and job abort, an executor's failed shuffle fetch", async () => {
    const { readSparkLog } = await import('../../lib/why/sparkLog');
    const { failedExecutor, sparkDriverPod } = await import('../../lib/spark/testing/podFixtures');
    const q = { container: null, tailLines: null, limitBytes: null, previous: false, timestamps: false };
    const driver = podLog(sparkDriverPod({ namespace: 'ns', appId: 'spark-a', phase: 'Failed', exitCode: 1 }), { ...q, container: 'spark-kubernetes-driver' }, Date.now());
    const driverText = 'text' in driver ? driver.text : '';
    expect(driverText).toMatch(/ERROR TaskSchedulerImpl: Lost executor 12 on 10\.0\.3\.4/);
    expect(readSparkLog(driverText).exception).toMatchObject({ type: 'org.apache.spark.SparkException', causedBy: [{ type: 'java.lang.OutOfMemoryError', message: 'Java heap space' }] });
    const executor = podLog(failedExecutor(3, { namespace: 'ns', appId: 'spark-a', exitCode: 1, reason: 'Error' }), { ...q, container: 'spark-kubernetes-executor' }, Date.now());
    const reading = readSparkLog('text' in executor ? executor.text : '');
    expect(reading.exception).toMatchObject({ type: 'java.io.IOException', message: 'Failed to connect to /10.0.3.4:7337', causedBy: [{ type: 'io.netty.channel.AbstractChannel$AnnotatedConnectException' }] });
  });
});
