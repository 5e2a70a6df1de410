// Response shapes of the dashboard's JSON API (/api/...), shared by the server that writes
// them and the browser that reads them.

import type { HealthReport } from './health/sourceHealth';
import type { KubePod } from './kube/types';
import type { CountSample } from './series/countSeries';
import type { AppSummary } from './snapshot/appSummary';
import type { DriverLogEntry } from './snapshot/driverLog';
import type { ExecutorView, TransitionView } from './snapshot/executorView';

export interface AppsResponse {
  at: number;
  apps: AppSummary[];
  /** Running executors per application over recent minutes: [t, running] pairs. */
  running: Record<string, [number, number][]>;
  health: HealthReport;
}

export interface AppDetailResponse {
  summary: AppSummary | null;
  driver: ExecutorView | null;
  executors: ExecutorView[];
  otherDrivers: ExecutorView[];
  driverLog: DriverLogEntry[];
  health: HealthReport;
}

export interface AppDriverResponse {
  summary: AppSummary | null;
  driver: ExecutorView | null;
  otherDrivers: ExecutorView[];
  driverLog: DriverLogEntry[];
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

export interface PodResponse {
  pod: KubePod | null;
  view: ExecutorView | null;
  /** False when the pod has left the cluster and `pod` is what the dashboard kept of it. */
  inCluster?: boolean;
  note?: string;
  lastKnown?: KubePod | null;
  lastKnownView?: ExecutorView | null;
}

export interface ApiErrorBody {
  error: string;
  missingPermission?: { verb: string; resource: string; namespace?: string; group?: string };
  [key: string]: unknown;
}
