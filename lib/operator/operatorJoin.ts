// How operator applications (SparkApplication resources) and the dashboard's pod-based Spark
// applications (pods grouped by spark-app-selector) are joined. Evidence, strongest first:
// - the Spark application id the operator recorded (Kubeflow status.sparkApplicationId, read
//   from the driver's spark-app-selector; Apache's deterministic spark.app.id);
// - the operator's app-name label on the pods (Kubeflow sparkoperator.k8s.io/app-name, Apache
//   spark.operator/spark-app-name), which also marks the pods of earlier attempts;
// - the driver pod name the operator expects (a name, so it can outlive the resource that
//   chose it).
// Always within one cluster and namespace: neither operator launches pods elsewhere.

import { appKey } from '../snapshot/appSummary';
import type { OperatorApp, OperatorRef } from './operatorApp';
import type { OperatorAppLabel } from './operatorKinds';

/** A pod as the join sees it. */
export interface PodIdentity {
  /** When given, must be the application's cluster. */
  cluster?: string;
  namespace: string;
  name: string;
  /** Its spark-app-selector label. */
  appId: string | null;
  /** What its operator labels name (operatorAppLabelOf). */
  operatorApp: OperatorAppLabel | null;
}

/** Does the pod belong to the operator application? */
export function podBelongsToOperatorApp(app: OperatorApp, pod: PodIdentity): boolean {
  if (pod.namespace !== app.namespace || (pod.cluster !== undefined && pod.cluster !== app.cluster)) return false;
  return evidenceFor(app, { appId: pod.appId, driverPodNames: [pod.name], operatorApp: pod.operatorApp }) > 0;
}

/** A pod-based Spark application, as the join sees it. */
export interface PodAppIdentity {
  cluster: string;
  namespace: string;
  appId: string;
  /** Names of its driver pods (several after a resubmission under the same id). */
  driverPodNames: readonly string[];
  /** What its pods' operator labels name, if any. */
  operatorApp: OperatorAppLabel | null;
  /** When it began, to order an operator application's attempts (null or absent: unknown). */
  createdAt?: number | null;
}

export interface OperatorJoin {
  /** Operator application key → the Spark application ids joined to it, the current attempt (app.appId) last. */
  sparkAppIdsByOperatorApp: Map<string, string[]>;
  /** Spark application key (cluster/namespace/appId) → the one operator application key it is joined to. */
  operatorAppBySparkApp: Map<string, string>;
}

/** How strongly the pod-based application is the operator application's: 0 none, 3 the recorded id. */
function evidenceFor(app: OperatorApp, pod: { appId: string | null } & Pick<PodAppIdentity, 'driverPodNames' | 'operatorApp'>): number {
  if (app.appId !== null && pod.appId === app.appId) return 3;
  if (pod.operatorApp !== null && pod.operatorApp.operator === app.operator && pod.operatorApp.name === app.name) return 2;
  if (app.driverPodName !== null && pod.driverPodNames.includes(app.driverPodName)) return 1;
  return 0;
}

/**
 * Joins operator applications and pod-based applications. A Spark application goes to one
 * operator application at most; when several claim it, the strongest evidence wins, then the
 * newer resource (a driver pod name reused by a later resource), then the smaller key, so the
 * answer never depends on input order. Each operator application lists its Spark application
 * ids oldest first (by createdAt, then id), its current attempt last.
 */
export function joinApps(apps: readonly OperatorApp[], podApps: readonly PodAppIdentity[]): OperatorJoin {
  const byScope = new Map<string, OperatorApp[]>();
  for (const app of apps) {
    const scope = `${app.cluster}/${app.namespace}`;
    const list = byScope.get(scope);
    if (list) list.push(app); else byScope.set(scope, [app]);
  }

  const operatorAppBySparkApp = new Map<string, string>();
  const joined = new Map<string, PodAppIdentity[]>();
  for (const pod of podApps) {
    let best: OperatorApp | null = null;
    let bestEvidence = 0;
    for (const app of byScope.get(`${pod.cluster}/${pod.namespace}`) ?? []) {
      const evidence = evidenceFor(app, pod);
      if (evidence > 0 && (best === null || evidence > bestEvidence || (evidence === bestEvidence && wins(app, best)))) {
        best = app;
        bestEvidence = evidence;
      }
    }
    if (best === null) continue;
    operatorAppBySparkApp.set(appKey(pod.cluster, pod.namespace, pod.appId), best.key);
    const list = joined.get(best.key);
    if (list) list.push(pod); else joined.set(best.key, [pod]);
  }

  const sparkAppIdsByOperatorApp = new Map<string, string[]>();
  for (const app of apps) {
    const pods = joined.get(app.key);
    if (pods === undefined) continue;
    const ids = [...new Set(pods.sort(attemptOrder(app)).map((p) => p.appId))];
    sparkAppIdsByOperatorApp.set(app.key, ids);
  }
  return { sparkAppIdsByOperatorApp, operatorAppBySparkApp };
}

/** Does `a` win a tie of evidence against `b`? The newer resource, then the smaller key. */
function wins(a: OperatorApp, b: OperatorApp): boolean {
  const at = a.createdAt ?? Number.NEGATIVE_INFINITY;
  const bt = b.createdAt ?? Number.NEGATIVE_INFINITY;
  if (at !== bt) return at > bt;
  return a.key < b.key;
}

function attemptOrder(app: OperatorApp): (a: PodAppIdentity, b: PodAppIdentity) => number {
  return (a, b) => {
    const aCurrent = a.appId === app.appId;
    const bCurrent = b.appId === app.appId;
    if (aCurrent !== bCurrent) return aCurrent ? 1 : -1;
    const at = a.createdAt ?? Number.POSITIVE_INFINITY;
    const bt = b.createdAt ?? Number.POSITIVE_INFINITY;
    if (at !== bt) return at < bt ? -1 : 1;
    return a.appId < b.appId ? -1 : a.appId > b.appId ? 1 : 0;
  };
}

/** What an operator application contributes to an application summary. */
export function operatorRef(app: OperatorApp): OperatorRef {
  return {
    operator: app.operator, name: app.name, phase: app.phase, rawState: app.rawState, errorMessage: app.errorMessage, scheduledBy: app.scheduledBy,
  };
}
