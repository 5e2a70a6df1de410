// A driver far more powerful than it needs: the docs' `spark-role` ClusterRoleBinding to
// `edit` in every namespace, or cluster-admin. It behaves; the RBAC panel should not.

import { basePlan, minutes, type Scenario } from './common';

export const overPrivileged: Scenario = {
  story: 'over-privileged',
  build(rng, env) {
    const { namespace, serviceAccount } = rng.chance(0.5) ? env.layout.docsStyleEdit : env.layout.clusterAdmin;
    return basePlan(rng, {
      story: this.story,
      appName: rng.pick(['adhoc-notebook-query', 'legacy-ingest-hourly']),
      namespace,
      serviceAccount,
      instances: rng.int(8, 16),
      runtimeMs: minutes(rng, 5, 10),
    });
  },
};
