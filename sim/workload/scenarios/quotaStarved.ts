// An ad-hoc job in a namespace whose ResourceQuota has room for a few of its executors: the
// API refuses the rest ("exceeded quota: compute, requested: requests.cpu=4, …"), so they never
// exist as pods; the driver logs each refusal and asks again every allocation round, running
// on the executors it got until the job ends.

import { ADHOC_QUOTA_CPU } from '../quotaFixtures';
import { basePlan, minutes, namespaceFor, type Scenario } from './common';

export const quotaStarved: Scenario = {
  story: 'quota-starved',
  build(rng, env) {
    const namespace = namespaceFor(env, rng, 'adhoc');
    const cores = 4;
    return basePlan(rng, {
      story: this.story,
      appName: rng.pick(['adhoc-feature-backfill', 'adhoc-churn-scoring']),
      namespace,
      serviceAccount: env.layout.wellScoped[namespace] ?? 'spark-driver',
      // Far more executors than the quota holds (about five of them fit beside the driver).
      instances: rng.int(Math.ceil(ADHOC_QUOTA_CPU / cores) + 4, Math.ceil(ADHOC_QUOTA_CPU / cores) + 10),
      runtimeMs: minutes(rng, 15, 25),
    }, {
      driver: { cores: 1, memoryMiB: 2048 },
      executor: { cores, memoryMiB: 8192 },
    });
  },
};
