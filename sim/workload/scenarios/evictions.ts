// Shuffle in a tmpfs local dir (emptyDir medium Memory with a sizeLimit) puts nodes under
// memory pressure: the kubelet evicts some executors (phase Failed, reason Evicted), the
// driver deletes and replaces them.

import { basePlan, minutes, namespaceFor, RUNS, seconds, type Scenario } from './common';

export const evictions: Scenario = {
  story: 'evictions',
  build(rng, env) {
    const namespace = namespaceFor(env, rng, 'etl');
    return basePlan(rng, {
      story: this.story,
      appName: rng.pick(['ad-impressions-dedup', 'search-logs-join']),
      namespace,
      serviceAccount: env.layout.wellScoped[namespace] ?? 'spark-driver',
      instances: rng.int(20, 30),
      runtimeMs: minutes(rng, 8, 14),
    }, {
      volumes: [{ type: 'emptyDir', name: 'spark-local-dir-1', mountPath: '/tmp/spark-local', options: { medium: 'Memory', sizeLimit: '16Gi' } }],
      maxFailures: 200,
      executorFate: (r) => (r.chance(0.2) ? { kind: 'evicted', afterMs: seconds(r, 60, 300) } : RUNS),
    });
  },
};
