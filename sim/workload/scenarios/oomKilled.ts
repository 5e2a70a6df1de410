// Executors with too little memory overhead: the kernel OOM-kills them (exit 137, reason
// OOMKilled), the driver deletes and replaces each one, and past
// spark.executor.maxNumFailures=6 the driver gives up (exit 11).

import { basePlan, minutes, namespaceFor, RUNS, seconds, type Scenario } from './common';

export const oomKilled: Scenario = {
  story: 'oom-killed',
  build(rng, env) {
    const namespace = namespaceFor(env, rng, 'ml');
    return basePlan(rng, {
      story: this.story,
      appName: rng.pick(['feature-join-wide', 'user-embeddings-explode']),
      namespace,
      serviceAccount: env.layout.wellScoped[namespace] ?? 'spark-driver',
      instances: rng.int(12, 24),
      runtimeMs: minutes(rng, 20, 30),
    }, {
      executor: { cores: 4, memoryMiB: 12_288, overheadMiB: 384 },
      maxFailures: 6,
      executorFate: (r) => (r.chance(0.6) ? { kind: 'exits', afterMs: seconds(r, 60, 300), exitCode: 137, reason: 'OOMKilled', container: 'spark' } : RUNS),
    });
  },
};
