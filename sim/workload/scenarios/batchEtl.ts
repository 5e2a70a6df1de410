// A big nightly batch ETL: 200-400 executors allocated in batches of 20, a log shipper in
// every executor, minutes of work, then success: the driver deletes its executors (they
// end with 143 while being deleted) and exits 0.

import { basePlan, logShipperTemplate, minutes, namespaceFor, type Scenario } from './common';

export const batchEtl: Scenario = {
  story: 'batch-etl',
  build(rng, env) {
    const namespace = namespaceFor(env, rng, 'etl');
    const instances = rng.int(200, 400);
    return basePlan(rng, {
      story: this.story,
      appName: rng.pick(['daily-sales-etl', 'clickstream-sessionize', 'orders-compaction']),
      namespace,
      serviceAccount: env.layout.wellScoped[namespace] ?? 'spark-driver',
      instances,
      runtimeMs: minutes(rng, 8, 15),
    }, { executor: { cores: 4, memoryMiB: 8192 }, template: logShipperTemplate() });
  },
};
