import { describe, expect, it } from 'vitest';
import type { KubeContainerStatus, KubePod } from '../kube/types';
import { containersDescription, formatPairsBundle, formatPodState, stripMargin } from './sparkFormat';

const statuses: KubeContainerStatus[] = [
  {
    name: 'spark-kubernetes-executor',
    image: 'apache/spark:4.1.1',
    state: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: '2026-01-01T00:00:10Z', finishedAt: '2026-01-01T00:05:00Z' } },
  },
  { name: 'log-shipper', image: 'fluent/fluent-bit:3.2.4', state: { running: { startedAt: '2026-01-01T00:00:09Z' } } },
  { name: 'pull-fails', image: '', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } } },
  { name: 'no-state' },
];

const podWith = (containerStatuses: KubeContainerStatus[]): KubePod => ({ metadata: { name: 'p' }, status: { containerStatuses } });

describe('formatPairsBundle', () => {
  it('writes one "\\n<tabs> key: value" line per pair, N/A for null or empty', () => {
    expect(formatPairsBundle([['a', 'x'], ['b', null], ['c', ''], ['d', undefined]])).toBe('\n\t a: x\n\t b: N/A\n\t c: N/A\n\t d: N/A');
    expect(formatPairsBundle([['a', 'x']], 2)).toBe('\n\t\t a: x');
    expect(formatPairsBundle([['a', 'x']], 0)).toBe('\n a: x');
    expect(formatPairsBundle([])).toBe('');
  });
});

describe('containersDescription', () => {
  it('describes every container status, blocks joined by a blank line (indent 1)', () => {
    expect(containersDescription(podWith(statuses))).toBe(
      '\n\t container name: spark-kubernetes-executor'
      + '\n\t container image: apache/spark:4.1.1'
      + '\n\t container state: terminated'
      + '\n\t container started at: 2026-01-01T00:00:10Z'
      + '\n\t container finished at: 2026-01-01T00:05:00Z'
      + '\n\t exit code: 137'
      + '\n\t termination reason: OOMKilled'
      + '\n\n'
      + '\n\t container name: log-shipper'
      + '\n\t container image: fluent/fluent-bit:3.2.4'
      + '\n\t container state: running'
      + '\n\t container started at: 2026-01-01T00:00:09Z'
      + '\n\n'
      + '\n\t container name: pull-fails'
      + '\n\t container image: N/A'
      + '\n\t container state: waiting'
      + '\n\t pending reason: ImagePullBackOff'
      + '\n\n'
      + '\n\t container name: no-state'
      + '\n\t container image: N/A'
      + '\n\t container state: N/A',
    );
  });

  it('indents with two tabs at indent 2', () => {
    expect(containersDescription(podWith([statuses[1]]), 2)).toBe(
      '\n\t\t container name: log-shipper'
      + '\n\t\t container image: fluent/fluent-bit:3.2.4'
      + '\n\t\t container state: running'
      + '\n\t\t container started at: 2026-01-01T00:00:09Z',
    );
  });

  it('prefers running over terminated over waiting when several are present', () => {
    const both: KubeContainerStatus = { name: 'c', image: 'i', state: { running: {}, terminated: { exitCode: 1 }, waiting: { reason: 'W' } } };
    expect(containersDescription(podWith([both]))).toBe('\n\t container name: c\n\t container image: i\n\t container state: running\n\t container started at: N/A');
    const ended: KubeContainerStatus = { name: 'c', image: 'i', state: { terminated: { exitCode: 0 }, waiting: { reason: 'W' } } };
    expect(containersDescription(podWith([ended]))).toBe(
      '\n\t container name: c\n\t container image: i\n\t container state: terminated'
      + '\n\t container started at: N/A\n\t container finished at: N/A\n\t exit code: 0\n\t termination reason: N/A',
    );
  });

  it('prints N/A where Spark would throw: an empty state, a missing exit code', () => {
    expect(containersDescription(podWith([{ name: 'c', image: 'i', state: {} }]))).toBe('\n\t container name: c\n\t container image: i\n\t container state: N/A');
    expect(containersDescription(podWith([{ name: 'c', state: { terminated: { reason: 'Error' } } }]))).toBe(
      '\n\t container name: c\n\t container image: N/A\n\t container state: terminated'
      + '\n\t container started at: N/A\n\t container finished at: N/A\n\t exit code: N/A\n\t termination reason: Error',
    );
  });

  it('is empty without container statuses, and skips init containers', () => {
    expect(containersDescription({ status: { initContainerStatuses: statuses } })).toBe('');
    expect(containersDescription({})).toBe('');
  });
});

describe('formatPodState', () => {
  it('formats the pod as spark-submit logs it, container status at indent 2', () => {
    const pod: KubePod = {
      metadata: {
        name: 'demo-driver', namespace: 'spark-jobs', uid: 'uid-1', creationTimestamp: '2026-01-01T00:00:00Z',
        labels: { 'spark-app-selector': 'spark-abc', 'spark-role': 'driver' },
      },
      spec: { serviceAccountName: 'spark', volumes: [{ name: 'spark-local-dir-1' }, { name: 'spark-conf-volume-driver' }], nodeName: 'worker-1' },
      status: {
        startTime: '2026-01-01T00:00:01Z',
        phase: 'Running',
        containerStatuses: [{ name: 'spark-kubernetes-driver', image: 'apache/spark:4.1.1', state: { running: { startedAt: '2026-01-01T00:00:05Z' } } }],
      },
    };
    expect(formatPodState(pod)).toBe(
      '\n\t pod name: demo-driver'
      + '\n\t namespace: spark-jobs'
      + '\n\t labels: spark-app-selector -> spark-abc, spark-role -> driver'
      + '\n\t pod uid: uid-1'
      + '\n\t creation time: 2026-01-01T00:00:00Z'
      + '\n\t service account name: spark'
      + '\n\t volumes: spark-local-dir-1, spark-conf-volume-driver'
      + '\n\t node name: worker-1'
      + '\n\t start time: 2026-01-01T00:00:01Z'
      + '\n\t phase: Running'
      + '\n\t container status: '
      + '\n\t\t container name: spark-kubernetes-driver'
      + '\n\t\t container image: apache/spark:4.1.1'
      + '\n\t\t container state: running'
      + '\n\t\t container started at: 2026-01-01T00:00:05Z',
    );
  });

  it('prints N/A for everything a bare pod lacks (empty labels, volumes and statuses too)', () => {
    expect(formatPodState({ metadata: { name: 'bare', labels: {} }, spec: { volumes: [] }, status: { containerStatuses: [] } })).toBe(
      '\n\t pod name: bare'
      + '\n\t namespace: N/A'
      + '\n\t labels: N/A'
      + '\n\t pod uid: N/A'
      + '\n\t creation time: N/A'
      + '\n\t service account name: N/A'
      + '\n\t volumes: N/A'
      + '\n\t node name: N/A'
      + '\n\t start time: N/A'
      + '\n\t phase: N/A'
      + '\n\t container status: N/A',
    );
    expect(formatPodState({})).toContain('\n\t pod name: N/A\n\t namespace: N/A');
  });

  it('joins several container blocks with a blank line at indent 2', () => {
    const pod = podWith([statuses[1], statuses[3]]);
    expect(formatPodState(pod).endsWith(
      '\n\t container status: '
      + '\n\t\t container name: log-shipper\n\t\t container image: fluent/fluent-bit:3.2.4'
      + '\n\t\t container state: running\n\t\t container started at: 2026-01-01T00:00:09Z'
      + '\n\n'
      + '\n\t\t container name: no-state\n\t\t container image: N/A\n\t\t container state: N/A',
    )).toBe(true);
  });
});

describe('stripMargin', () => {
  it('drops leading blanks and the margin on each line, nothing else', () => {
    expect(stripMargin('\n   |a\n\t|b\n  c|d\n|\n  x')).toBe('\na\nb\n  c|d\n\n  x');
  });

  it('splits lines at \\n, \\r\\n and \\r', () => {
    expect(stripMargin('  |a\r\n  |b\r  |c')).toBe('a\r\nb\rc');
  });

  it('removes one margin character only', () => {
    expect(stripMargin(' ||a')).toBe('|a');
  });

  it('treats all control characters as blanks', () => {
    expect(stripMargin('\u0001\u001f|a')).toBe('a');
  });
});
