// The ResourceQuota and LimitRange of the shared ad-hoc namespace, as a platform team sets
// them: room for about two dozen cores and a default for containers that state nothing. The
// quota-starved story runs there alone; its executors ask more than is left, so the API
// refuses most of them (on a cluster that keeps quota status: the embedded one, or one with
// kube-controller-manager; a bare kube-apiserver admits everything until someone writes it).

import type { FixtureObject } from './rbacFixtures';

/** Cores the ad-hoc namespace may request in all. */
export const ADHOC_QUOTA_CPU = 24;

export function quotaFixtures(namespace: string): FixtureObject[] {
  return [
    {
      path: `/api/v1/namespaces/${namespace}/resourcequotas`,
      body: {
        apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute', namespace, labels: { team: 'data-platform' } },
        spec: { hard: { 'requests.cpu': String(ADHOC_QUOTA_CPU), 'requests.memory': '128Gi', 'limits.memory': '160Gi', pods: '40' } },
      },
    },
    {
      path: `/api/v1/namespaces/${namespace}/limitranges`,
      body: {
        apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'per-container', namespace },
        spec: { limits: [{ type: 'Container', max: { cpu: '8', memory: '32Gi' }, defaultRequest: { cpu: '250m', memory: '256Mi' }, default: { memory: '512Mi' } }] },
      },
    },
  ];
}
