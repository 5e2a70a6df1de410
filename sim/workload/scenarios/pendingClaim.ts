// Shuffle on on-demand claims (spark-local-dir-1 backed by a PVC per executor): the PV
// controller binds most claims, some stay Pending (provisioning fails), so their executors
// stay Pending on "unbound immediate PersistentVolumeClaims"; the claims outlive the app.

import { basePlan, minutes, namespaceFor, type Scenario } from './common';

export const pendingClaim: Scenario = {
  story: 'pending-claim',
  build(rng, env) {
    const namespace = namespaceFor(env, rng, 'etl');
    return basePlan(rng, {
      story: this.story,
      appName: rng.pick(['shuffle-heavy-rollup', 'sessions-by-device-rollup']),
      namespace,
      serviceAccount: env.layout.wellScoped[namespace] ?? 'spark-driver',
      instances: rng.int(12, 20),
      runtimeMs: minutes(rng, 6, 12),
    }, {
      volumes: [{
        type: 'persistentVolumeClaim',
        name: 'spark-local-dir-1',
        mountPath: '/data/spark-local',
        options: { claimName: 'OnDemand', storageClass: 'gp3', sizeLimit: '100Gi' },
      }],
      claims: { bindShare: 0.7, leaveBehind: true },
    });
  },
};
