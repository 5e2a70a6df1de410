// Applications submitted through the Kubeflow Spark operator (only where the API serves its
// CRDs): a nightly rollup that succeeds; a backfill whose first attempt fails (driver exit 1)
// and which succeeds on its one OnFailure retry; a job whose spec lacks mainApplicationFile, so
// spark-submit refuses it (SUBMISSION_FAILED, no pods, retried slowly so it stays visible); and
// a ScheduledSparkApplication firing `@every 5m` whose runs pile up within history limits of 3.

import type { Prng } from '../prng';
import {
  KUBEFLOW_API_VERSION, LABEL_SCHEDULED_APP_NAME,
  type KubeflowScheduledSparkApplication, type KubeflowSparkApplication, type SparkApplicationSpec,
} from '../operator/kubeflowResources';
import type { RunScript, RunScriptFor } from '../operator/operatorSubmission';
import { minutes, namespaceFor, seconds, SPARK_BUILDS, type ScenarioEnv } from './common';

export interface OperatorWave {
  applications: KubeflowSparkApplication[];
  schedules: KubeflowScheduledSparkApplication[];
  /** How each attempt of these applications (and of the schedules' runs) behaves. */
  runScript: RunScriptFor;
}

export interface OperatorScenario {
  story: string;
  /** The resources a workload of this scale creates at start. */
  build(rng: Prng, env: ScenarioEnv, scale: number): OperatorWave;
}

const STORY = 'spark-operator';

function spec(rng: Prng, env: ScenarioEnv, namespace: string, overrides: Partial<SparkApplicationSpec>): SparkApplicationSpec {
  const build = rng.pick(SPARK_BUILDS);
  const scala = build.version.startsWith('3') ? '2.12' : '2.13';
  return {
    type: 'Scala',
    mode: 'cluster',
    sparkVersion: build.version,
    image: build.image,
    imagePullPolicy: 'IfNotPresent',
    mainClass: 'com.example.dataplatform.JobMain',
    mainApplicationFile: `local:///opt/spark/jobs/dataplatform-jobs_${scala}-2.${rng.int(10, 40)}.${rng.int(0, 9)}.jar`,
    driver: { cores: 1, memory: '2g', serviceAccount: env.layout.wellScoped[namespace] ?? 'spark-driver' },
    executor: { cores: 2, memory: '4g', instances: rng.int(3, 8) },
    restartPolicy: { type: 'Never' },
    ...overrides,
  };
}

const application = (name: string, namespace: string, s: SparkApplicationSpec): KubeflowSparkApplication => ({
  apiVersion: KUBEFLOW_API_VERSION,
  kind: 'SparkApplication',
  metadata: { name, namespace, labels: { team: 'data-platform' } },
  spec: s,
});

export const sparkOperatorApps: OperatorScenario = {
  story: STORY,
  build(rng, env, scale) {
    const applications: KubeflowSparkApplication[] = [];
    const schedules: KubeflowScheduledSparkApplication[] = [];
    const scripts = new Map<string, (attempt: number, r: Prng) => RunScript>();
    const sets = Math.max(1, Math.round(scale));
    for (let i = 0; i < sets; i++) {
      const suffix = i === 0 ? '' : `-${i + 1}`;
      const etl = namespaceFor(env, rng, 'etl');
      const ml = namespaceFor(env, rng, 'ml');
      const adhoc = namespaceFor(env, rng, 'adhoc');

      const rollup = `nightly-revenue-rollup${suffix}`;
      applications.push(application(rollup, etl, spec(rng, env, etl, { arguments: ['--date', '2025-11-23'] })));
      scripts.set(`${etl}/${rollup}`, (_a, r) => ({ story: STORY, runtimeMs: minutes(r, 4, 8), exitCode: 0 }));

      const backfill = `feature-backfill${suffix}`;
      applications.push(application(backfill, ml, spec(rng, env, ml, {
        arguments: ['--from', '2025-11-01', '--to', '2025-11-23'],
        restartPolicy: { type: 'OnFailure', onFailureRetries: 1, onFailureRetryInterval: 30, onSubmissionFailureRetries: 1, onSubmissionFailureRetryInterval: 30 },
      })));
      // The first attempt's driver gives up (exit 1) after a couple of minutes; the retry succeeds.
      scripts.set(`${ml}/${backfill}`, (attempt, r) => (attempt === 1 ? { story: STORY, runtimeMs: minutes(r, 1.5, 3), exitCode: 1 } : { story: STORY, runtimeMs: minutes(r, 3, 6), exitCode: 0 }));

      const broken = `adhoc-sessionize${suffix}`;
      const { mainApplicationFile: _forgotten, ...withoutFile } = spec(rng, env, adhoc, { type: 'Python', mainClass: undefined });
      // Retried three times, 20, 40 then 60 minutes apart (Kubeflow's linear backoff), before it turns FAILED.
      applications.push(application(broken, adhoc, { ...withoutFile, restartPolicy: { type: 'OnFailure', onSubmissionFailureRetries: 3, onSubmissionFailureRetryInterval: 1200, onFailureRetries: 0 } }));
    }
    const scheduleNs = namespaceFor(env, rng, 'etl');
    const scheduleName = 'hourly-clickstream-compaction';
    schedules.push({
      apiVersion: KUBEFLOW_API_VERSION,
      kind: 'ScheduledSparkApplication',
      metadata: { name: scheduleName, namespace: scheduleNs, labels: { team: 'data-platform' } },
      spec: {
        schedule: '@every 5m',
        concurrencyPolicy: 'Forbid',
        successfulRunHistoryLimit: 3,
        failedRunHistoryLimit: 3,
        template: spec(rng, env, scheduleNs, { executor: { cores: 2, memory: '4g', instances: 4 } }),
      },
    });
    return {
      applications,
      schedules,
      runScript(app, attempt, r) {
        const scheduledBy = app.metadata.labels?.[LABEL_SCHEDULED_APP_NAME];
        // Scheduled runs: about one in six fails, so both histories fill.
        if (scheduledBy === scheduleName) return { story: STORY, runtimeMs: seconds(r, 60, 200), exitCode: r.chance(1 / 6) ? 1 : 0 };
        const script = scripts.get(`${app.metadata.namespace}/${app.metadata.name}`);
        return script ? script(attempt, r) : { story: STORY, runtimeMs: minutes(r, 3, 8), exitCode: 0 };
      },
    };
  },
};
