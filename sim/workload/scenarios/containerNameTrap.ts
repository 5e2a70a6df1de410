// The pod template calls the executor container `executor` and podTemplateContainerName is
// not set: no container is named spark-kubernetes-executor. An executor that exits 0 while
// its log shipper runs stays Running as far as Spark can tell; only a non-zero exit is
// caught (by checkAllContainers).

import { basePlan, logShipperTemplate, minutes, namespaceFor, RUNS, seconds, type Scenario } from './common';

export const containerNameTrap: Scenario = {
  story: 'container-name-trap',
  build(rng, env) {
    const namespace = namespaceFor(env, rng, 'ml');
    return basePlan(rng, {
      story: this.story,
      appName: rng.pick(['recs-candidate-gen', 'ranking-feature-backfill']),
      namespace,
      serviceAccount: env.layout.wellScoped[namespace] ?? 'spark-driver',
      instances: rng.int(12, 24),
      runtimeMs: minutes(rng, 8, 15),
    }, {
      template: logShipperTemplate({ executorContainerName: 'executor', containerNameConfigured: false }),
      executorFate: (r) => {
        const roll = r.next();
        if (roll < 0.25) return { kind: 'exits', afterMs: seconds(r, 60, 300), exitCode: 0, reason: 'Completed', container: 'spark' };
        if (roll < 0.35) return { kind: 'exits', afterMs: seconds(r, 60, 300), exitCode: 1, reason: 'Error', container: 'spark' };
        return RUNS;
      },
    });
  },
};
