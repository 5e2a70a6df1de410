import { describe, expect, it } from 'vitest';
import { runningExecutor } from '../spark/testing/podFixtures';
import { HIDDEN_VALUE, redactPod } from './redactPod';
import type { KubePod } from './types';

const secretPod = (): KubePod => {
  const pod = runningExecutor(1);
  return {
    ...pod,
    metadata: {
      ...pod.metadata,
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"spec":{"containers":[{"env":[{"name":"DB_PASSWORD","value":"hunter2"}]}]}}', team: 'etl' },
      managedFields: [{ manager: 'kubectl' }],
    },
    spec: {
      ...pod.spec,
      containers: [{ name: 'spark-kubernetes-executor', image: 'spark:4', env: [{ name: 'DB_PASSWORD', value: 'hunter2' }, { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }],
      initContainers: [{ name: 'init', image: 'busybox', env: [{ name: 'INIT_SECRET', value: 'also-secret' }] }],
      ephemeralContainers: [{ name: 'debug', image: 'busybox', env: [{ name: 'DEBUG_SECRET', value: 'debug-secret' }] }],
    },
  };
};

describe('redactPod', () => {
  it('keeps env names and valueFrom references, never literal values, the spec copy or managedFields', () => {
    const pod = secretPod();
    const out = redactPod(pod, { envValues: false });
    const text = JSON.stringify(out);
    for (const secret of ['hunter2', 'also-secret', 'debug-secret']) expect(text).not.toContain(secret);
    expect(out.spec!.containers![0].env).toEqual([{ name: 'DB_PASSWORD', value: HIDDEN_VALUE }, { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }]);
    expect(out.metadata!.annotations).toEqual({ team: 'etl' });
    expect(out.metadata!.managedFields).toBeUndefined();
    // The input is untouched.
    expect(JSON.stringify(pod)).toContain('hunter2');
  });

  it('keeps literal values when asked to, still without the spec copy', () => {
    const out = redactPod(secretPod(), { envValues: true });
    expect(out.spec!.containers![0].env![0]).toEqual({ name: 'DB_PASSWORD', value: 'hunter2' });
    expect(out.metadata!.annotations).toEqual({ team: 'etl' });
  });

  it('survives malformed pods', () => {
    expect(redactPod(null, { envValues: false })).toBeNull();
    expect(redactPod({ spec: { containers: [null as never, { name: 'x', env: 'bad' as never }] } }, { envValues: false }).spec!.containers).toHaveLength(2);
  });
});
