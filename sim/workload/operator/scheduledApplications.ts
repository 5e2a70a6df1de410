// The Kubeflow operator's ScheduledSparkApplication controller (internal/controller/
// scheduledsparkapplication/controller.go): validate the time zone and schedule, set the first
// nextRun, and when a run is due and the concurrency policy allows, create a SparkApplication
// `<name>-<unix nanoseconds>` from spec.template, then keep the history of finished runs within
// its limits, deleting the older ones.

import { kubeTime } from '../podStatus';
import { parseSchedule, timeZoneProblem } from './cronSchedule';
import {
  KUBEFLOW_API_VERSION, LABEL_SCHEDULED_APP_NAME, ownerReferenceTo,
  type KubeflowScheduledSparkApplication, type KubeflowSparkApplication, type ScheduledSparkApplicationStatus,
} from './kubeflowResources';

/** What the schedule controller does through the API. */
export interface ScheduleActions {
  createRun(run: KubeflowSparkApplication): Promise<void>;
  deleteRun(run: KubeflowSparkApplication): Promise<void>;
  writeStatus(scheduled: KubeflowScheduledSparkApplication, status: ScheduledSparkApplicationStatus): Promise<void>;
}

/** Kubeflow's default for both history limits when the spec leaves them out. */
const DEFAULT_HISTORY_LIMIT = 1;

const finished = (run: KubeflowSparkApplication) => {
  const state = run.status?.applicationState?.state;
  return state === 'COMPLETED' || state === 'FAILED';
};

/** Newest first (sortSparkApplicationsInPlace), by creation time, then by name (which carries nanoseconds). */
export function newestFirst(runs: KubeflowSparkApplication[]): KubeflowSparkApplication[] {
  const time = (r: KubeflowSparkApplication) => Date.parse(r.metadata.creationTimestamp ?? '') || 0;
  return [...runs].sort((a, b) => time(b) - time(a) || (b.metadata.name ?? '').localeCompare(a.metadata.name ?? ''));
}

/** The run's name: the schedule's name and the time in Unix nanoseconds. */
export function runName(scheduleName: string, atMs: number): string {
  return `${scheduleName}-${(BigInt(Math.floor(atMs)) * 1_000_000n).toString()}`;
}

/** createSparkApplication: the template as spec, the schedule's labels plus its name, owned (not controlled) by it. */
export function runFor(scheduled: KubeflowScheduledSparkApplication, atMs: number): KubeflowSparkApplication {
  const name = scheduled.metadata.name ?? '';
  return {
    apiVersion: KUBEFLOW_API_VERSION,
    kind: 'SparkApplication',
    metadata: {
      name: runName(name, atMs),
      namespace: scheduled.metadata.namespace,
      labels: { [LABEL_SCHEDULED_APP_NAME]: name, ...scheduled.metadata.labels },
      ownerReferences: [ownerReferenceTo('ScheduledSparkApplication', scheduled.metadata, false)],
    },
    spec: structuredClone(scheduled.spec.template),
  };
}

/** bookkeepPastRuns for one outcome: the newest `limit` stay, the rest are deleted. */
function keepNewest(runs: KubeflowSparkApplication[], limit: number): { keep: KubeflowSparkApplication[]; drop: KubeflowSparkApplication[] } {
  const sorted = newestFirst(runs);
  return { keep: sorted.slice(0, limit), drop: sorted.slice(limit) };
}

export class ScheduledApplicationController {
  /** A run the concurrency policy held back is looked at again at the next activation (the operator's RequeueAfter). */
  private readonly heldUntil = new Map<string, number>();

  constructor(private readonly actions: ScheduleActions) {}

  /** One reconcile of one schedule; `runs` are the SparkApplications labelled with its name. */
  async reconcile(scheduled: KubeflowScheduledSparkApplication, runs: KubeflowSparkApplication[], nowMs: number): Promise<void> {
    const uid = scheduled.metadata.uid ?? scheduled.metadata.name ?? '';
    if (scheduled.spec.suspend) return;
    const status: ScheduledSparkApplicationStatus = { ...scheduled.status };
    const fail = async (reason: string) => {
      if (status.scheduleState === 'FailedValidation' && status.reason === reason) return;
      await this.actions.writeStatus(scheduled, { ...status, scheduleState: 'FailedValidation', reason });
    };
    const zone = scheduled.spec.timeZone ?? '';
    const zoneProblem = timeZoneProblem(zone);
    if (zoneProblem) return fail(zoneProblem);
    const parsed = parseSchedule(scheduled.spec.schedule ?? '', zone || 'Local');
    if (!parsed.ok) return fail(parsed.reason);
    const schedule = parsed.schedule;

    switch (status.scheduleState ?? '') {
      case '': {
        const next = schedule.next(nowMs);
        const old = status.nextRun ? Date.parse(status.nextRun) : NaN;
        await this.actions.writeStatus(scheduled, { ...status, scheduleState: 'Scheduled', nextRun: Number.isFinite(old) && old <= next ? status.nextRun : kubeTime(next) });
        return;
      }
      case 'Scheduled': {
        if (!status.nextRun) {
          await this.actions.writeStatus(scheduled, { ...status, nextRun: kubeTime(schedule.next(nowMs)) });
          return;
        }
        if (Date.parse(status.nextRun) > nowMs || (this.heldUntil.get(uid) ?? 0) > nowMs) return;
        this.heldUntil.delete(uid);
        if (!(await this.mayStartNextRun(scheduled, runs))) {
          this.heldUntil.set(uid, schedule.next(nowMs));
          return;
        }
        const run = runFor(scheduled, nowMs);
        await this.actions.createRun(run);
        const history = await this.pastRuns(scheduled, [...runs, run]);
        await this.actions.writeStatus(scheduled, { ...status, lastRun: kubeTime(nowMs), lastRunName: run.metadata.name, nextRun: kubeTime(schedule.next(nowMs)), ...history });
        return;
      }
      default:
        // FailedValidation stays until the spec changes (a new generation the simulator never makes).
        return;
    }
  }

  /** shouldStartNextRun: Allow always; Forbid once the newest run finished; Replace deletes an unfinished newest run. */
  private async mayStartNextRun(scheduled: KubeflowScheduledSparkApplication, runs: KubeflowSparkApplication[]): Promise<boolean> {
    const last = newestFirst(runs)[0];
    if (!last) return true;
    switch (scheduled.spec.concurrencyPolicy ?? 'Allow') {
      case 'Allow':
        return true;
      case 'Forbid':
        return finished(last);
      case 'Replace':
        if (!finished(last)) await this.actions.deleteRun(last);
        return true;
      default:
        return false;
    }
  }

  /** checkAndUpdatePastRuns: names of the finished runs kept; older ones deleted. */
  private async pastRuns(scheduled: KubeflowScheduledSparkApplication, runs: KubeflowSparkApplication[]): Promise<Pick<ScheduledSparkApplicationStatus, 'pastSuccessfulRunNames' | 'pastFailedRunNames'>> {
    const completed = keepNewest(runs.filter((r) => r.status?.applicationState?.state === 'COMPLETED'), scheduled.spec.successfulRunHistoryLimit ?? DEFAULT_HISTORY_LIMIT);
    const failed = keepNewest(runs.filter((r) => r.status?.applicationState?.state === 'FAILED'), scheduled.spec.failedRunHistoryLimit ?? DEFAULT_HISTORY_LIMIT);
    for (const run of [...completed.drop, ...failed.drop]) await this.actions.deleteRun(run);
    return { pastSuccessfulRunNames: completed.keep.map((r) => r.metadata.name ?? ''), pastFailedRunNames: failed.keep.map((r) => r.metadata.name ?? '') };
  }

  forget(uid: string): void {
    this.heldUntil.delete(uid);
  }
}
