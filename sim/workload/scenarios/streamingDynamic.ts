// A long-running Structured Streaming job with dynamic allocation: every minute or so the
// target moves between 4 and 60; scale-down deletes executors gracefully (deletionTimestamp
// while still running, then exit 143, then gone). A metrics agent rides along, and a few
// executors start with spark-exec-id=EXECID until the driver patches their id on.

import { basePlan, metricsAgentTemplate, minutes, namespaceFor, RUNS, seconds, type Scenario } from './common';

export const streamingDynamic: Scenario = {
  story: 'streaming-dynamic',
  build(rng, env) {
    const namespace = namespaceFor(env, rng, 'stream');
    return basePlan(rng, {
      story: this.story,
      appName: rng.pick(['kafka-events-streaming', 'payments-stream-enrich']),
      namespace,
      serviceAccount: env.layout.wellScoped[namespace] ?? 'spark-driver',
      instances: rng.int(8, 16),
      runtimeMs: minutes(rng, 45, 90),
    }, {
      dynamic: { min: 4, max: 60, everyMs: seconds(rng, 30, 60) },
      maxFailures: 120,
      template: metricsAgentTemplate(),
      execIdPlaceholderShare: 0.03,
      executorFate: (r) => (r.chance(0.01) ? { kind: 'exits', afterMs: minutes(r, 2, 20), exitCode: 1, reason: 'Error', container: 'spark' } : RUNS),
    });
  },
};
