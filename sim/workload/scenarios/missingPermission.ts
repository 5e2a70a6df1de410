// The driver's Role lacks delete (and deletecollection) on pods: finished executors are
// never removed, and every attempt becomes a Warning event with the API's forbidden message.

import { basePlan, minutes, RUNS, seconds, type Scenario } from './common';

export const missingPermission: Scenario = {
  story: 'missing-permission',
  build(rng, env) {
    const { namespace, serviceAccount } = env.layout.missingPodDelete;
    return basePlan(rng, {
      story: this.story,
      appName: rng.pick(['customer-360-merge', 'loyalty-points-rebuild']),
      namespace,
      serviceAccount,
      instances: rng.int(12, 20),
      runtimeMs: minutes(rng, 6, 12),
    }, {
      canDeletePods: false,
      executorFate: (r) => (r.chance(0.2) ? { kind: 'exits', afterMs: seconds(r, 60, 240), exitCode: 1, reason: 'Error', container: 'spark' } : RUNS),
    });
  },
};
