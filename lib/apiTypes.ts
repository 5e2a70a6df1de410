// Response shapes of the dashboard's JSON API (/api/...), shared by the server that writes
// them and the browser that reads them.

import type { ClusterSummary } from './cluster';
import type { HealthReport, HealthVerdict } from './health/sourceHealth';
import type { PodTemplateAnalysis } from './podTemplate/templateFields';
import type { LeastPrivilegeFix } from './rbac/leastPrivilegeFix';
import type { AppliedBinding } from './rbac/resolvePermissions';
import type { RbacFinding } from './rbac/rbacFindings';
import type { NeedCheck } from './rbac/sparkDriverNeeds';
import type { ApplicationVolumes } from './volumes/applicationVolumes';
import type { KubePod } from './kube/types';
import type { OperatorApp, OperatorSchedule } from './operator/operatorApp';
import type { CountSample } from './series/countSeries';
import type { AppSummary } from './snapshot/appSummary';
import type { DriverLogEntry } from './snapshot/driverLog';
import type { ExecutorRow } from './snapshot/executorRow';
import type { ExecutorView, TransitionView } from './snapshot/executorView';
import type { CauseGroup, PodCause } from './why/podCause';
import type { PodEvent } from './why/podEvent';
import type { PodRole } from './snapshot/executorRow';
import type { AppCauseRole } from './why/causeLine';
import type { QuotaFinding } from './why/quotaCheck';
import type { ExecutorRequestFailure, LoggedException } from './why/sparkLog';

/**
 * The dashboard's health: each cluster's report on its own, and a verdict over all of them.
 * Ready while at least one cluster is; a cluster that is not is `degraded`, and its problems
 * are listed with its name, so one cluster down never hides the others.
 */
export interface DashboardHealth extends HealthVerdict {
  at: number;
  clusters: Record<string, ClusterHealth>;
  /** Clusters that are not ready (their reports say why). */
  degraded: string[];
  notices: string[];
  /** The record: off (--no-history), recording, or degraded (why, in `notices`). */
  history?: 'off' | 'recording' | 'degraded';
}

export interface ClusterHealth extends HealthReport {
  name: string;
}

export interface ClustersResponse {
  at: number;
  clusters: ClusterSummary[];
}

export interface AppsResponse {
  at: number;
  apps: AppSummary[];
  /** Running executors per application (by AppSummary.key) over recent minutes: [t, running] pairs. */
  running: Record<string, [number, number][]>;
  clusters: ClusterSummary[];
  health: DashboardHealth;
  /**
   * Set when a signed-in person (or a token) may read none of the namespaces that hold
   * applications: why, as Kubernetes answered ("you (alice, …) may not list pods in …"), so an
   * empty overview says so instead of looking like a cluster without Spark.
   */
  nothingReadable?: string;
}

export interface AppDetailResponse {
  summary: AppSummary | null;
  driver: ExecutorView | null;
  executors: ExecutorView[];
  otherDrivers: ExecutorView[];
  driverLog: DriverLogEntry[];
  health: ClusterHealth;
}

export interface AppDriverResponse {
  summary: AppSummary | null;
  driver: ExecutorView | null;
  otherDrivers: ExecutorView[];
  driverLog: DriverLogEntry[];
  /** Links out (absent when none is configured): each null when it cannot work now. */
  links?: AppLinks;
}

/** The Spark UI of a running driver, the History Server of an ended application (--spark-ui-url, --history-server-url). */
export interface AppLinks {
  sparkUi: string | null;
  historyServer: string | null;
  /** The running driver's UI through the dashboard (--spark-ui-proxy), base path included; null where it cannot work. */
  sparkUiProxy: string | null;
}

export interface AppHistoryResponse {
  key: string;
  pods: { uid: string; name: string; role: string; executorId: number | null; transitions: TransitionView[] }[];
  driverLog: DriverLogEntry[];
}

export interface CountsResponse {
  key: string;
  from: number;
  to: number;
  samples: CountSample[];
}

/** The last lines of a Spark container's log, fetched when the pod ended failed and kept after it is gone. */
export interface LogTail {
  container: string;
  /** When it was fetched (epoch ms). */
  at: number;
  text: string;
  /** The API's byte limit cut it: older lines are missing. */
  truncated: boolean;
  exception: LoggedException | null;
  executorRequests: ExecutorRequestFailure[];
  /** Why there is no text (not permitted, not available where no kubelet serves logs, …). */
  error: string | null;
}

/** Why one pod is as it is: its cause in words, the events about it and its claims, and its log tail when it failed. */
export interface PodWhy {
  cause: PodCause | null;
  events: PodEvent[];
  /** Null while events can be read; else why they cannot (not yet listed, not permitted). */
  eventsProblem?: string | null;
  logTail?: LogTail | null;
}

/** The first cause of each application that has one (overview rows, wall tiles). */
export interface WhySummaryResponse {
  at: number;
  /** By application key: its largest cause group, the driver's own cause first. */
  apps: Record<string, CauseGroup & { role: AppCauseRole; fromLog?: true }>;
}

/**
 * What a running driver logged about executors the API would not create (Spark's allocator
 * logs each refused pod create), read from the last lines of its log at most once a minute.
 */
export interface DriverLogRefusals {
  /** When the log was read (epoch ms). */
  at: number;
  /** The driver pod whose log was read. */
  driver: string;
  /** Newest first: quota exceeded, forbidden (a LimitRange among them), an admission webhook's denial, a missing service account. */
  failures: ExecutorRequestFailure[];
  /** Why the log could not be read (not permitted, no kubelet to serve it), else null. */
  error: string | null;
}

/** Why an application's pods are not running: causes grouped for the summary, and each pod's. */
export interface AppWhyResponse {
  key: string;
  at: number;
  /** Largest first: "28 pending: 12 of 12 nodes lack cpu". */
  groups: CauseGroup[];
  /** Each distinct cause once; `pods` points into it by index (10,000 pending executors share a few causes). */
  causes: PodCause[];
  pods: Record<string, number>;
  /** The driver's own cause and events, shown at the top of the page. */
  driver: (PodWhy & { uid: string; name: string }) | null;
  /** Quotas and LimitRanges that refuse (or will soon refuse) one more executor: executors that will never exist as pods. */
  refusals: QuotaFinding[];
  /**
   * What one more executor asks, which `refusals` are checked against: the newest executor
   * pod's requests and limits, or, before any executor pod exists, what the driver's Spark conf
   * makes Spark ask (spark.executor.cores, memory and overhead, …); null while neither is known.
   */
  askFrom?: 'executor-pod' | 'driver-conf' | null;
  /** Executors the API has refused already, as the running driver logged them; null when its log was not read. */
  driverLogRefusals?: DriverLogRefusals | null;
  /** False while quotas and limit ranges cannot be read (not yet listed, or not permitted). */
  quotasReadable: boolean;
  /** False while events cannot be read (not yet listed, or `list events` is not permitted): causes from events may be missing. */
  eventsReadable: boolean;
  eventsProblem: string | null;
}

/** Every event kept about an application's pods and their claims: its events panel and the ticks on the timeline. */
export interface AppEventsResponse {
  key: string;
  at: number;
  /** Pods with at least one event; each pod's events oldest first (a claim's events appear with every pod that mounts it). */
  pods: { uid: string; name: string; role: PodRole; executorId: number | null; events: PodEvent[] }[];
  /** More than the answer carries: the newest events of the pods with the most recent ones were kept. */
  truncated: boolean;
  eventsReadable: boolean;
  eventsProblem: string | null;
}

/**
 * One line of a followed log's answer (newline-delimited JSON): `open` first, a `line` per log
 * line, `end` last with why it ended. Refusals before the stream opens are HTTP errors.
 */
export type LogFollowMessage =
  | { kind: 'open'; container: string; maxLines: number; maxSeconds: number }
  | { kind: 'line'; text: string }
  | { kind: 'end'; reason: 'container-stopped' | 'line-limit' | 'time-limit' | 'error' | 'server-stopping'; message: string };

export interface PodResponse {
  pod: KubePod | null;
  view: ExecutorView | null;
  why?: PodWhy;
  /** False when the pod has left the cluster and `pod` is what the dashboard kept of it. */
  inCluster?: boolean;
  note?: string;
  lastKnown?: KubePod | null;
  lastKnownView?: ExecutorView | null;
}

/** What the dashboard could not read, and the permission that would let it. */
export interface MissingAccess {
  what: string;
  verb: string;
  resource: string;
  group?: string;
  namespace?: string;
  message: string;
}

export interface AppVolumesResponse extends ApplicationVolumes {
  podsSeen: number;
  templates: { driver: PodTemplateAnalysis | null; executor: PodTemplateAnalysis | null };
  /** The executor pod template Spark shipped in its config map, when readable. */
  executorTemplateSource: string | null;
  missingAccess: MissingAccess[];
  at: number;
}

export interface ServiceAccountRbac {
  role: 'driver' | 'executor';
  name: string;
  /** null: the dashboard may not list service accounts. */
  exists: boolean | null;
  bindings: AppliedBinding[];
}

export interface AppRbacResponse {
  namespace: string;
  serviceAccounts: ServiceAccountRbac[];
  usesOnDemandClaims: boolean;
  needs: NeedCheck[];
  /** Who decided allowed/denied: the API server (SubjectAccessReview) or the dashboard's own RBAC evaluation. */
  verdicts: 'subject-access-review' | 'local' | 'unavailable';
  verdictNote: string;
  findings: RbacFinding[];
  fix: LeastPrivilegeFix | null;
  missingAccess: MissingAccess[];
  at: number;
}

/** One application of History's search. */
export interface HistoryApp {
  summary: AppSummary;
  /** How it ended (its driver's final state); null while it runs. */
  finalState: 'succeeded' | 'failed' | 'deleted' | null;
  startedAt: number | null;
  endedAt: number | null;
  /** Executors it had (the most the record saw at once). */
  executors: number;
  peakRunning: number;
  /** CPU cores its pods requested × the time they ran, in hours; null when no pod states a request. */
  coreHours: number | null;
}

export interface HistoryAppsQuery {
  q?: string;
  cluster?: string;
  namespace?: string;
  state?: 'running' | 'succeeded' | 'failed' | 'deleted';
  /** Applications active at or after this time (epoch ms)… */
  from?: number;
  /** …and started at or before this one. */
  to?: number;
  sort: 'started' | 'ended' | 'name' | 'executors' | 'namespace' | 'coreHours';
  dir: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export interface HistoryAppsResponse {
  /** False when the dashboard keeps no history (--no-history) or its database cannot be read now. */
  available: boolean;
  /** True while a new embedded database is being created (a first start): available in moments. */
  starting?: boolean;
  problem: string | null;
  total: number;
  page: number;
  pageSize: number;
  apps: HistoryApp[];
}

/**
 * Everything the application page draws, from one source: live when the dashboard holds the
 * application, else the record. Rows are ExecutorRows (slots numbered in order).
 */
export interface AppRecordResponse {
  source: 'live' | 'history';
  summary: AppSummary | null;
  rows: ExecutorRow[];
  driverLog: DriverLogEntry[];
  /** When the cluster was watched over the application's life: the gaps between were not observed. */
  observed: [number, number][];
}

/** An application as of a time in the past (`/at?t=`). */
export interface AppAtResponse {
  at: number;
  summary: AppSummary;
  executors: { uid: string; name: string; executorId: number | null; state: ExecutorView['state']; since: number }[];
}

/** The operator kinds one cluster's API serves, and what the dashboard may not read of them. */
export interface OperatorAvailability {
  /** Kinds found by discovery: "SparkApplication (sparkoperator.k8s.io/v1beta2)". */
  served: { operator: 'kubeflow' | 'apache'; group: string; version: string; kind: string; plural: string }[];
  /** Kinds served but not readable (a 403 on list or watch): the rest works without them. */
  missingAccess: MissingAccess[];
  /** Discovery has answered at least once. */
  discovered: boolean;
}

/** An executor the operator's status map and Spark's rules (ours) see in different states. */
export interface ExecutorStateDisagreement {
  pod: string;
  /** The operator's word: PENDING, RUNNING, COMPLETED, FAILED, UNKNOWN. */
  operator: string;
  /** Spark's state as the dashboard derives it; null when the dashboard knows no such pod. */
  ours: string | null;
}

/** GET /api/apps/:cluster/:namespace/:appId/operator: the operator resource behind an application, if any. */
export interface AppOperatorResponse {
  /** null: no operator resource is joined to this application. */
  app: OperatorApp | null;
  /** The ScheduledSparkApplication that created it, with its runs. */
  schedule: OperatorSchedule | null;
  /** Spark application ids of every attempt the resource ran (the current one last). */
  attempts: { appId: string; key: string; current: boolean }[];
  disagreements: ExecutorStateDisagreement[];
  availability: OperatorAvailability;
  at: number;
}
