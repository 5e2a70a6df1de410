import { describe, expect, it } from 'vitest';
import { watchesOwnClusterByDefault } from './containerClusterDefault';

const inPod = { KUBERNETES_SERVICE_HOST: '10.96.0.1' };

describe('the container image watches its own cluster by default', () => {
  it('in a pod with a service account token and no cluster setting', () => {
    expect(watchesOwnClusterByDefault([], inPod, true)).toBe(true);
    expect(watchesOwnClusterByDefault(['--port', '8080'], inPod, true)).toBe(true);
  });

  it('not outside a pod, nor without a token (automountServiceAccountToken: false)', () => {
    expect(watchesOwnClusterByDefault([], {}, true)).toBe(false);
    expect(watchesOwnClusterByDefault([], inPod, false)).toBe(false);
  });

  it('not when a cluster setting is given, by flag or environment', () => {
    for (const argv of [['--kubeconfig', '/k'], ['--kubeconfig=/k'], ['--in-cluster'], ['--no-in-cluster']]) {
      expect(watchesOwnClusterByDefault(argv, inPod, true)).toBe(false);
    }
    expect(watchesOwnClusterByDefault([], { ...inPod, KUBECONFIG: '/k' }, true)).toBe(false);
    expect(watchesOwnClusterByDefault([], { ...inPod, IN_CLUSTER: 'false' }, true)).toBe(false);
  });
});
