// Model training reading a shared NFS dataset, with an OpenTelemetry collector as a native
// sidecar: some executors die with exit 1 (Error) or 52 (a JVM OutOfMemoryError), get
// replaced, and the job still succeeds under the default failure limit.

import { basePlan, minutes, namespaceFor, nativeSidecarTemplate, RUNS, seconds, type Scenario } from './common';

export const exitFailures: Scenario = {
  story: 'non-zero-exits',
  build(rng, env) {
    const namespace = namespaceFor(env, rng, 'ml');
    return basePlan(rng, {
      story: this.story,
      appName: rng.pick(['fraud-model-training', 'churn-model-backtest']),
      namespace,
      serviceAccount: env.layout.wellScoped[namespace] ?? 'spark-driver',
      instances: rng.int(30, 50),
      runtimeMs: minutes(rng, 10, 20),
    }, {
      volumes: [{ type: 'nfs', name: 'datasets', mountPath: '/mnt/datasets', readOnly: true, options: { server: 'fs-0a1b2c3d4e5f67890.efs.us-east-1.amazonaws.com', path: '/exports/ml-datasets' } }],
      template: nativeSidecarTemplate(),
      executorFate: (r) => {
        const roll = r.next();
        if (roll < 0.1) return { kind: 'exits', afterMs: seconds(r, 30, 300), exitCode: 1, reason: 'Error', container: 'spark' };
        if (roll < 0.18) return { kind: 'exits', afterMs: seconds(r, 60, 400), exitCode: 52, reason: 'Error', container: 'spark' };
        return RUNS;
      },
    });
  },
};
