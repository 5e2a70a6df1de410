// deleteOnTermination=false: failed executors are labelled spark-exec-inactive=true and
// left in place, and at the end the rest exit 0 and stay too. Scratch space is a writable
// hostPath on the node's NVMe disk.

import { basePlan, minutes, namespaceFor, RUNS, seconds, type Scenario } from './common';

export const inactiveExecutors: Scenario = {
  story: 'inactive-executors',
  build(rng, env) {
    const namespace = namespaceFor(env, rng, 'etl');
    return basePlan(rng, {
      story: this.story,
      appName: rng.pick(['ledger-reconciliation', 'gl-close-reconcile']),
      namespace,
      serviceAccount: env.layout.wellScoped[namespace] ?? 'spark-driver',
      instances: rng.int(10, 16),
      runtimeMs: minutes(rng, 6, 12),
    }, {
      deleteOnTermination: false,
      volumes: [{ type: 'hostPath', name: 'node-scratch', mountPath: '/scratch', readOnly: false, options: { path: '/mnt/nvme0/spark-scratch', type: '' } }],
      executorFate: (r) => (r.chance(0.25) ? { kind: 'exits', afterMs: seconds(r, 60, 300), exitCode: 1, reason: 'Error', container: 'spark' } : RUNS),
    });
  },
};
