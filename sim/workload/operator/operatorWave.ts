// The workload as the user of the operator: it applies the scenario's SparkApplications and
// ScheduledSparkApplications (as `kubectl apply` would create them), then leaves them to the
// operator. One that already exists (a cluster shared with an earlier run) is left as it is.

import type { Logger } from '../../../server/log';
import { classifyError, errorMessage, type RequestQueue } from '../requestQueue';
import type { OperatorWave } from '../scenarios/sparkOperatorApps';
import { scheduledSparkApplicationsPath, sparkApplicationsPath } from './kubeflowResources';

export async function submitOperatorWave(queue: RequestQueue, wave: OperatorWave, log: Logger): Promise<void> {
  const creations = [
    ...wave.schedules.map((s) => ({ path: scheduledSparkApplicationsPath(s.metadata.namespace ?? ''), body: s })),
    ...wave.applications.map((a) => ({ path: sparkApplicationsPath(a.metadata.namespace ?? ''), body: a })),
  ];
  for (const { path, body } of creations) {
    try {
      await queue.request('POST', path, { body });
    } catch (e) {
      const cls = classifyError(e);
      if (cls !== 'conflict') log.once('warn', `operator-apply:${cls}`, 'could not create an operator resource', { name: body.metadata.name, kind: body.kind, error: errorMessage(e) });
    }
  }
}
