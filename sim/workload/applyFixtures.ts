// Creates the RBAC fixtures (rbacFixtures.ts) once at start: existing objects are kept, a
// bare API server's empty aggregated `edit`/`cluster-admin` gets its rules written in, and
// an unreachable API is retried with backoff until it answers or the simulator stops.

import type { KubeRole } from '../../lib/kube/types';
import { backoffDelay } from '../../server/kube/backoff';
import type { Logger } from '../../server/log';
import type { FixtureObject } from './rbacFixtures';
import { classifyError, errorMessage, type RequestQueue, MERGE_PATCH } from './requestQueue';


export async function applyFixtures(queue: RequestQueue, objects: FixtureObject[], log: Logger, stopped: () => boolean): Promise<void> {
  for (const object of objects) {
    for (let attempt = 1; !stopped(); attempt++) {
      const outcome = await applyOne(queue, object, log);
      if (outcome !== 'retry') break;
      // Jitter is timing only, not a decision of the simulation.
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt)).unref?.());
    }
  }
}

async function applyOne(queue: RequestQueue, object: FixtureObject, log: Logger): Promise<'done' | 'retry'> {
  const { kind, metadata } = object.body;
  try {
    await queue.request('POST', object.path, { body: object.body });
    return 'done';
  } catch (e) {
    const cls = classifyError(e);
    if (cls === 'unavailable') return 'retry';
    if (cls === 'conflict') {
      if (kind === 'ClusterRole') await fillAggregatedRole(queue, object, log);
      return 'done';
    }
    log.once('warn', `fixture:${kind}:${cls}`, `could not create a ${kind}; the simulation goes on without it`, { name: metadata.name, error: errorMessage(e) });
    return 'done';
  }
}

/** A bare kube-apiserver has `edit` with an aggregationRule and no rules (no controller fills them). */
async function fillAggregatedRole(queue: RequestQueue, object: FixtureObject, log: Logger): Promise<void> {
  const path = `${object.path}/${object.body.metadata.name}`;
  try {
    const existing = await queue.request<KubeRole>('GET', path);
    if ((existing.rules?.length ?? 0) > 0) return;
    await queue.request('PATCH', path, { body: { rules: object.body.rules }, contentType: MERGE_PATCH });
    log.info('wrote explicit rules into an aggregated ClusterRole nobody aggregates', { name: object.body.metadata.name });
  } catch (e) {
    log.once('warn', `fixture-fill:${object.body.metadata.name}`, 'could not fill an existing ClusterRole', { error: errorMessage(e) });
  }
}
