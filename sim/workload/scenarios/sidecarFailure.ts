// The log shipper crashes (exit 1) while the executor keeps running: the pod stays Running,
// but with checkAllContainers (default since Spark 4.0) the driver counts the executor as
// failed and deletes it.

import { basePlan, logShipperTemplate, minutes, namespaceFor, RUNS, seconds, type Scenario } from './common';

export const sidecarFailure: Scenario = {
  story: 'sidecar-failure',
  build(rng, env) {
    const namespace = namespaceFor(env, rng, 'etl');
    const instances = rng.int(16, 24);
    return basePlan(rng, {
      story: this.story,
      appName: rng.pick(['partner-feed-export', 'crm-sync-export']),
      namespace,
      serviceAccount: env.layout.wellScoped[namespace] ?? 'spark-driver',
      instances,
      runtimeMs: minutes(rng, 6, 12),
    }, {
      template: logShipperTemplate(),
      maxFailures: 4 * instances,
      executorFate: (r) => (r.chance(0.2) ? { kind: 'exits', afterMs: seconds(r, 30, 200), exitCode: 1, reason: 'Error', container: 'sidecar' } : RUNS),
    });
  },
};
