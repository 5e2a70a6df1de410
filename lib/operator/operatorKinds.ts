// The operator resource kinds the dashboard knows, which of them a cluster serves (from its
// discovery answer), and the labels the operators put on the pods they launch.
//
// Sources:
// - Kubeflow: api/v1beta2/groupversion_info.go (sparkoperator.k8s.io/v1beta2), the kubebuilder
//   markers of api/v1beta2/{sparkapplication,scheduledsparkapplication}_types.go, and the label
//   keys of pkg/common/spark.go (LabelSparkAppName, LabelLaunchedBySparkOperator,
//   LabelSubmissionID, LabelScheduledSparkAppName).
// - Apache: spark-operator-api Constants.java (API_GROUP spark.apache.org, API_VERSION v1,
//   LABEL_SPARK_APPLICATION_NAME, LABEL_SPARK_OPERATOR_NAME) and the CRDs in
//   build-tools/helm/spark-kubernetes-operator/crds (v1 stored, v1beta1 still served; earlier
//   releases served v1alpha1).

import type { OperatorName } from './operatorApp';
import { fieldsOf, stringOf } from './resourceFields';

export interface OperatorKind {
  operator: OperatorName;
  group: string;
  /** The versions the dashboard reads, preferred first. */
  versions: readonly string[];
  kind: string;
  plural: string;
  /** Read into OperatorApp / OperatorSchedule; false: listed as served, not read. */
  read: boolean;
}

export const KUBEFLOW_GROUP = 'sparkoperator.k8s.io';
export const APACHE_GROUP = 'spark.apache.org';

export const KUBEFLOW_SPARK_APPLICATION: OperatorKind = Object.freeze({
  operator: 'kubeflow', group: KUBEFLOW_GROUP, versions: Object.freeze(['v1beta2']), kind: 'SparkApplication', plural: 'sparkapplications', read: true,
});
export const KUBEFLOW_SCHEDULED_SPARK_APPLICATION: OperatorKind = Object.freeze({
  operator: 'kubeflow', group: KUBEFLOW_GROUP, versions: Object.freeze(['v1beta2']), kind: 'ScheduledSparkApplication', plural: 'scheduledsparkapplications', read: true,
});
export const APACHE_SPARK_APPLICATION: OperatorKind = Object.freeze({
  operator: 'apache', group: APACHE_GROUP, versions: Object.freeze(['v1', 'v1beta1', 'v1alpha1']), kind: 'SparkApplication', plural: 'sparkapplications', read: true,
});
/** A standalone Spark cluster (master and workers), not an application: shown as served only. */
export const APACHE_SPARK_CLUSTER: OperatorKind = Object.freeze({
  operator: 'apache', group: APACHE_GROUP, versions: Object.freeze(['v1', 'v1beta1', 'v1alpha1']), kind: 'SparkCluster', plural: 'sparkclusters', read: false,
});

export const OPERATOR_KINDS: readonly OperatorKind[] = Object.freeze([
  KUBEFLOW_SPARK_APPLICATION, KUBEFLOW_SCHEDULED_SPARK_APPLICATION, APACHE_SPARK_APPLICATION, APACHE_SPARK_CLUSTER,
]);

// ---------------------------------------------------------------- discovery

/** One kind a cluster serves, at the version the dashboard will read (OperatorAvailability.served). */
export interface ServedOperatorKind {
  operator: OperatorName;
  group: string;
  version: string;
  kind: string;
  plural: string;
}

/**
 * Which known kinds the cluster serves, and at which version: for each kind, the first of its
 * versions (in the dashboard's preference) that the group lists (`/apis`, an APIGroupList) and
 * whose APIResourceList (`/apis/<group>/<version>`, looked up by groupVersion) has a namespaced
 * resource of that plural and kind that can be listed. A version whose resource list is
 * missing (not fetched, or its discovery failed) is not taken on the group's word alone.
 */
export function servedOperatorKinds(
  groupList: unknown,
  resourceListOf: (groupVersion: string) => unknown,
  kinds: readonly OperatorKind[] = OPERATOR_KINDS,
): ServedOperatorKind[] {
  const offered = offeredVersions(groupList);
  const served: ServedOperatorKind[] = [];
  for (const k of kinds) {
    const versions = offered.get(k.group);
    if (versions === undefined) continue;
    const version = k.versions.find((v) => versions.has(v) && servesResource(resourceListOf(`${k.group}/${v}`), k));
    if (version !== undefined) served.push({ operator: k.operator, group: k.group, version, kind: k.kind, plural: k.plural });
  }
  return served;
}

/** The group-versions a discovery request should fetch to decide servedOperatorKinds. */
export function groupVersionsToDiscover(groupList: unknown, kinds: readonly OperatorKind[] = OPERATOR_KINDS): string[] {
  const offered = offeredVersions(groupList);
  const out = new Set<string>();
  for (const k of kinds) {
    const versions = offered.get(k.group);
    if (versions === undefined) continue;
    for (const v of k.versions) if (versions.has(v)) out.add(`${k.group}/${v}`);
  }
  return [...out];
}

/** group name → versions listed for it, from an APIGroupList. */
function offeredVersions(groupList: unknown): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const groups = fieldsOf(groupList)?.groups;
  if (!Array.isArray(groups)) return out;
  for (const g of groups) {
    const name = stringOf(fieldsOf(g)?.name);
    const versions = fieldsOf(g)?.versions;
    if (name === null || !Array.isArray(versions)) continue;
    const set = out.get(name) ?? new Set<string>();
    for (const v of versions) {
      const version = stringOf(fieldsOf(v)?.version);
      if (version !== null) set.add(version);
    }
    out.set(name, set);
  }
  return out;
}

function servesResource(resourceList: unknown, kind: OperatorKind): boolean {
  const resources = fieldsOf(resourceList)?.resources;
  if (!Array.isArray(resources)) return false;
  return resources.some((r) => {
    const f = fieldsOf(r);
    if (f === null || f.name !== kind.plural || f.kind !== kind.kind || f.namespaced === false) return false;
    // No verbs listed: assume the usual ones (an old server); listed without list: unreadable.
    return !Array.isArray(f.verbs) || f.verbs.includes('list');
  });
}

// ---------------------------------------------------------------- pod labels

/** Kubeflow: the SparkApplication's name, on the driver and executor pods (and its services). */
export const KUBEFLOW_APP_NAME_LABEL = 'sparkoperator.k8s.io/app-name';
/** Kubeflow: "true" on pods launched through the operator. */
export const KUBEFLOW_LAUNCHED_BY_OPERATOR_LABEL = 'sparkoperator.k8s.io/launched-by-spark-operator';
/** Kubeflow: the submission (status.submissionID) the pod belongs to. */
export const KUBEFLOW_SUBMISSION_ID_LABEL = 'sparkoperator.k8s.io/submission-id';
/** Kubeflow: on a SparkApplication, the ScheduledSparkApplication that created it. */
export const KUBEFLOW_SCHEDULED_APP_NAME_LABEL = 'sparkoperator.k8s.io/scheduled-app-name';
/** Apache: the SparkApplication's name, on the driver and executor pods (Utils.sparkAppResourceLabels). */
export const APACHE_APP_NAME_LABEL = 'spark.operator/spark-app-name';
/** Apache: the operator's own name on every resource it manages (not the application's). */
export const APACHE_OPERATOR_NAME_LABEL = 'spark.operator/name';

export interface OperatorAppLabel {
  operator: OperatorName;
  name: string;
}

/**
 * The operator application a pod's labels name, or null. Both labels on one pod would be a
 * hand-made oddity; Kubeflow's is read first, so the answer never depends on key order.
 */
export function operatorAppLabelOf(labels: unknown): OperatorAppLabel | null {
  const fields = fieldsOf(labels);
  if (fields === null) return null;
  const kubeflow = ownString(fields, KUBEFLOW_APP_NAME_LABEL);
  if (kubeflow !== null) return { operator: 'kubeflow', name: kubeflow };
  const apache = ownString(fields, APACHE_APP_NAME_LABEL);
  if (apache !== null) return { operator: 'apache', name: apache };
  return null;
}

function ownString(fields: Record<string, unknown>, key: string): string | null {
  return Object.prototype.hasOwnProperty.call(fields, key) ? stringOf(fields[key]) : null;
}
