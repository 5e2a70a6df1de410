// Executors far bigger than any node's free CPU: a handful fit, the rest stay Pending with
// PodScheduled=False, reason Unschedulable, "0/12 nodes are available: 12 Insufficient cpu."

import { basePlan, minutes, namespaceFor, RUNS, type Scenario } from './common';

export const unschedulable: Scenario = {
  story: 'unschedulable',
  build(rng, env) {
    const namespace = namespaceFor(env, rng, 'ml');
    const fits = rng.int(4, 8);
    return basePlan(rng, {
      story: this.story,
      appName: rng.pick(['genome-alignment-xl', 'image-dedup-xl']),
      namespace,
      serviceAccount: env.layout.wellScoped[namespace] ?? 'spark-driver',
      instances: rng.int(30, 48),
      runtimeMs: minutes(rng, 10, 20),
    }, {
      executor: { cores: 16, memoryMiB: 57_344 },
      executorFate: (_r, execId) => (execId <= fits ? RUNS : { kind: 'unschedulable' }),
    });
  },
};
