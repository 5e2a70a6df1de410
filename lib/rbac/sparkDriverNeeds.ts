// What a Spark driver's service account must be allowed to do in spark.kubernetes.namespace,
// from the calls Spark's Kubernetes scheduler actually makes (reference section j, "What the
// code actually calls"), not from the docs' shorter list; and a check of that table against an
// RBAC snapshot or an access-review function (SubjectAccessReview as the server answers it).

import type { RbacSnapshot, GrantedBy } from './resolvePermissions';
import { authorize } from './resolvePermissions';
import type { RequestAttributes } from './ruleMatch';
import { serviceAccountUser } from './subjects';

export type NeedSeverity = 'warning' | 'danger';

export interface DriverNeed {
  /** Stable id: "<resource>:<verb>" ("pods:create"). */
  id: string;
  verb: string;
  apiGroup: string;
  resource: string;
  /** When the need applies: always, or only for applications that use on-demand claims. */
  when: 'always' | 'onDemandClaims';
  /** What Spark does with it (the code path), as a clause: "the driver creates …". */
  why: string;
  /** What goes wrong without it. */
  impact: string;
  severity: NeedSeverity;
}

const need = (resource: string, verb: string, why: string, impact: string, severity: NeedSeverity, when: DriverNeed['when'] = 'always'): DriverNeed => ({
  id: `${resource}:${verb}`, verb, apiGroup: '', resource, when, why, impact, severity,
});

// Ordered as a Role would list them: pods first, then config maps, services, claims.
export const SPARK_DRIVER_NEEDS: readonly DriverNeed[] = [
  need('pods', 'get', 'the driver looks up its own pod and waits for it, and GETs each executor pod before deleting it', 'the driver cannot find its own pod (owner references) and fails at start-up', 'danger'),
  need('pods', 'list', 'the polling snapshot source lists executor pods by label (spark.kubernetes.executor.apiPollingInterval)', 'executor state is never refreshed by polling; lost executors go unnoticed', 'danger'),
  need('pods', 'watch', 'the watch snapshot source follows executor pods by label', 'executor state changes arrive only with the next poll', 'danger'),
  need('pods', 'create', 'ExecutorPodsAllocator creates every executor pod', 'no executor ever starts: the application waits for resources for ever', 'danger'),
  need('pods', 'delete', 'the driver deletes single executors (failed, idle under dynamic allocation, excess pending) and label-selected sets on stop', 'finished and failed executor pods are left behind', 'warning'),
  need('pods', 'deletecollection', 'fabric8 may send a label-selected delete of executors (stop, timeouts, force-kill) as one collection delete', 'executor pods survive the application when fabric8 deletes them as a collection', 'warning'),
  need('pods', 'patch', 'the driver labels executors (spark-exec-id, spark-exec-inactive, decommission) and sets the pod deletion-cost annotation', 'decommissioning and scale-down pick executors blindly; inactive executors are not marked', 'warning'),
  need('configmaps', 'create', 'the driver creates the executor config map (spark.properties and files mounted into executors)', 'executors cannot be configured: executor pod creation fails', 'danger'),
  need('configmaps', 'delete', 'the driver deletes the executor config map by label when the application stops', 'the config map of every finished application is left behind', 'warning'),
  need('configmaps', 'list', 'the config map delete by label goes through fabric8, which may list the labelled config maps to delete them', 'config maps are not cleaned up on stop', 'warning'),
  need('services', 'delete', 'the driver deletes its service by label on stop (spark.kubernetes.driver.service.deleteOnTermination, default true)', 'the driver service outlives the application', 'warning'),
  need('persistentvolumeclaims', 'create', 'the driver creates the on-demand claims (claimName=OnDemand) for executors', 'executors that need an on-demand claim cannot start', 'danger', 'onDemandClaims'),
  need('persistentvolumeclaims', 'list', 'the driver lists its claims by label to reuse them (spark.kubernetes.driver.reusePersistentVolumeClaim)', 'claims are not reused: every new executor creates a new claim', 'warning', 'onDemandClaims'),
  need('persistentvolumeclaims', 'delete', 'the driver deletes its claims by label when the application stops', 'claims (and their volumes) are left behind after the application', 'warning', 'onDemandClaims'),
];

export interface DriverNeedsOptions {
  namespace: string;
  serviceAccount: string;
  usesOnDemandClaims: boolean;
}

export function driverNeeds(options: { usesOnDemandClaims: boolean }): DriverNeed[] {
  return SPARK_DRIVER_NEEDS.filter((n) => n.when === 'always' || options.usesOnDemandClaims);
}

/** The request a need stands for, made by the service account in its namespace. */
export const needAttributes = (n: DriverNeed, namespace: string): RequestAttributes => ({ verb: n.verb, apiGroup: n.apiGroup, resource: n.resource, namespace });

export interface ReviewAnswer {
  allowed: boolean;
  reason?: string;
}

/** Answers "may this user do this?": e.g. a SubjectAccessReview, or lib/rbac authorize over a snapshot. */
export type ReviewFn = (user: { name: string; groups: readonly string[] }, attrs: RequestAttributes) => ReviewAnswer;
export type AsyncReviewFn = (user: { name: string; groups: readonly string[] }, attrs: RequestAttributes) => Promise<ReviewAnswer>;

export interface NeedCheck {
  need: DriverNeed;
  allowed: boolean;
  reason: string;
  /** Known only when checked against a snapshot. */
  grantedBy?: GrantedBy;
}

export function checkDriverNeeds(source: RbacSnapshot | ReviewFn, options: DriverNeedsOptions): NeedCheck[] {
  const user = serviceAccountUser(options.namespace, options.serviceAccount);
  return driverNeeds(options).map((n) => {
    const attrs = needAttributes(n, options.namespace);
    if (typeof source === 'function') {
      const a = source(user, attrs);
      return { need: n, allowed: a.allowed, reason: a.reason ?? '' };
    }
    const r = authorize(source, user, attrs);
    return { need: n, allowed: r.allowed, reason: r.reason, ...(r.grantedBy ? { grantedBy: r.grantedBy } : {}) };
  });
}

/** The same check through an asynchronous review (the server's SubjectAccessReview), one request per need. */
export async function checkDriverNeedsAsync(review: AsyncReviewFn, options: DriverNeedsOptions): Promise<NeedCheck[]> {
  const user = serviceAccountUser(options.namespace, options.serviceAccount);
  return Promise.all(
    driverNeeds(options).map(async (n) => {
      const a = await review(user, needAttributes(n, options.namespace));
      return { need: n, allowed: a.allowed, reason: a.reason ?? '' };
    }),
  );
}
