// spark.kubernetes.authenticate.driver.serviceAccountName names an account that does not
// exist. With ServiceAccount admission the API refuses the driver pod (spark-submit fails);
// without it the driver starts, cannot talk to the API, and exits 1 without executors.

import { basePlan, seconds, type Scenario } from './common';

export const missingServiceAccount: Scenario = {
  story: 'missing-service-account',
  build(rng, env) {
    const { namespace, serviceAccount } = env.layout.missing;
    return basePlan(rng, {
      story: this.story,
      appName: rng.pick(['marketing-attribution', 'finance-daily-close']),
      namespace,
      serviceAccount,
      instances: rng.int(10, 20),
      runtimeMs: 0,
    }, { driverDies: { afterMs: seconds(rng, 15, 40), exitCode: 1 } });
  },
};
