import { describe, expect, it } from 'vitest';
import { parseSchedule } from './cronSchedule';
import type { KubeflowScheduledSparkApplication, KubeflowSparkApplication, ScheduledSparkApplicationStatus } from './kubeflowResources';
import { ScheduledApplicationController } from './scheduledApplications';

const T0 = Date.UTC(2025, 10, 24, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('parseSchedule', () => {
  it('reads @every as robfig/cron does: from the last whole second', () => {
    const p = parseSchedule('@every 5m');
    expect(p.ok && p.schedule.next(T0 + 1500)).toBe(T0 + 1000 + 300_000);
    const q = parseSchedule('@every 1h30m');
    expect(q.ok && q.schedule.next(T0)).toBe(T0 + 5_400_000);
  });

  it('reads five-field cron with steps, ranges and names, and either day field matching', () => {
    const every15 = parseSchedule('*/15 * * * *');
    expect(every15.ok && every15.schedule.next(T0 + 1)).toBe(T0 + 15 * 60_000);
    // 2025-11-24 is a Monday: weekdays at 09:30 → the next is Tuesday 09:30.
    const weekdays = parseSchedule('30 9 * * MON-FRI');
    expect(weekdays.ok && iso(weekdays.schedule.next(T0))).toBe('2025-11-25T09:30:00Z');
    // Both day fields restricted: the 1st of the month OR a Sunday.
    const either = parseSchedule('0 0 1 * SUN');
    expect(either.ok && iso(either.schedule.next(T0))).toBe('2025-11-30T00:00:00Z');
    const daily = parseSchedule('@daily');
    expect(daily.ok && iso(daily.schedule.next(T0))).toBe('2025-11-25T00:00:00Z');
  });

  it('answers robfig/cron reasons for what it cannot parse', () => {
    expect(parseSchedule('every five minutes')).toEqual({ ok: false, reason: 'expected exactly 5 fields, found 3: [every five minutes]' });
    expect(parseSchedule('@every 5 minutes')).toEqual({ ok: false, reason: 'failed to parse duration @every 5 minutes: time: invalid duration "5 minutes"' });
    expect(parseSchedule('61 * * * *')).toEqual({ ok: false, reason: 'end of range (61) above maximum (59): 61' });
  });
});

function scheduled(spec: Partial<KubeflowScheduledSparkApplication['spec']> = {}, status?: ScheduledSparkApplicationStatus): KubeflowScheduledSparkApplication {
  return {
    metadata: { name: 'compaction', namespace: 'spark-etl', uid: 'sched-uid', labels: { team: 'dp' } },
    spec: { schedule: '@every 5m', template: { type: 'Scala', sparkVersion: '4.0.1', mainApplicationFile: 'local:///j.jar', driver: {}, executor: {} }, ...spec },
    status,
  };
}

const runNamed = (name: string, state: string, createdMs: number): KubeflowSparkApplication => ({
  metadata: { name, namespace: 'spark-etl', creationTimestamp: iso(createdMs) },
  spec: { type: 'Scala', sparkVersion: '4.0.1', driver: {}, executor: {} },
  status: { applicationState: { state: state as never } },
});

function recorder() {
  const created: KubeflowSparkApplication[] = [];
  const deleted: string[] = [];
  const statuses: ScheduledSparkApplicationStatus[] = [];
  const controller = new ScheduledApplicationController({
    createRun: async (run) => { created.push(run); },
    deleteRun: async (run) => { deleted.push(run.metadata.name ?? ''); },
    writeStatus: async (_s, status) => { statuses.push(status); },
  });
  return { controller, created, deleted, statuses };
}

describe('ScheduledApplicationController', () => {
  it('schedules a new resource, then creates its run when due, named, labelled and owned as Kubeflow does', async () => {
    const r = recorder();
    await r.controller.reconcile(scheduled(), [], T0);
    expect(r.statuses.at(-1)).toEqual({ scheduleState: 'Scheduled', nextRun: iso(T0 + 300_000) });
    await r.controller.reconcile(scheduled({}, r.statuses.at(-1)), [], T0 + 100_000);
    expect(r.created).toHaveLength(0);
    const due = T0 + 302_000;
    await r.controller.reconcile(scheduled({}, r.statuses.at(-1)), [], due);
    expect(r.created).toHaveLength(1);
    const run = r.created[0]!;
    expect(run.metadata.name).toBe(`compaction-${BigInt(due) * 1_000_000n}`);
    expect(run.metadata.labels).toEqual({ 'sparkoperator.k8s.io/scheduled-app-name': 'compaction', team: 'dp' });
    expect(run.metadata.ownerReferences).toEqual([{ apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'ScheduledSparkApplication', name: 'compaction', uid: 'sched-uid', blockOwnerDeletion: true }]);
    expect(run.spec.mainApplicationFile).toBe('local:///j.jar');
    expect(r.statuses.at(-1)).toEqual({ scheduleState: 'Scheduled', lastRun: iso(due), lastRunName: run.metadata.name, nextRun: iso(due + 300_000), pastSuccessfulRunNames: [], pastFailedRunNames: [] });
  });

  it('keeps the newest finished runs within the history limits and deletes the older ones', async () => {
    const r = recorder();
    const runs = [
      runNamed('compaction-1', 'COMPLETED', T0), runNamed('compaction-2', 'FAILED', T0 + 1000), runNamed('compaction-3', 'COMPLETED', T0 + 2000),
      runNamed('compaction-4', 'COMPLETED', T0 + 3000), runNamed('compaction-5', 'FAILED', T0 + 4000), runNamed('compaction-6', 'COMPLETED', T0 + 5000),
    ];
    await r.controller.reconcile(scheduled({ successfulRunHistoryLimit: 3 }, { scheduleState: 'Scheduled', nextRun: iso(T0) }), runs, T0 + 10_000);
    expect(r.statuses.at(-1)).toMatchObject({ pastSuccessfulRunNames: ['compaction-6', 'compaction-4', 'compaction-3'], pastFailedRunNames: ['compaction-5'] });
    expect(r.deleted.sort()).toEqual(['compaction-1', 'compaction-2']);
  });

  it('Forbid holds a run back while the last one is unfinished, until the next activation', async () => {
    const r = recorder();
    const status = { scheduleState: 'Scheduled' as const, nextRun: iso(T0) };
    const unfinished = [runNamed('compaction-1', 'RUNNING', T0 - 300_000)];
    await r.controller.reconcile(scheduled({ concurrencyPolicy: 'Forbid' }, status), unfinished, T0 + 1000);
    expect(r.created).toHaveLength(0);
    const done = [runNamed('compaction-1', 'COMPLETED', T0 - 300_000)];
    await r.controller.reconcile(scheduled({ concurrencyPolicy: 'Forbid' }, status), done, T0 + 60_000);
    expect(r.created).toHaveLength(0);
    await r.controller.reconcile(scheduled({ concurrencyPolicy: 'Forbid' }, status), done, T0 + 302_000);
    expect(r.created).toHaveLength(1);
  });

  it('Replace deletes the unfinished last run; Allow runs alongside it', async () => {
    const status = { scheduleState: 'Scheduled' as const, nextRun: iso(T0) };
    const unfinished = [runNamed('compaction-1', 'RUNNING', T0 - 300_000)];
    const replace = recorder();
    await replace.controller.reconcile(scheduled({ concurrencyPolicy: 'Replace' }, status), unfinished, T0 + 1000);
    expect(replace.deleted).toEqual(['compaction-1']);
    expect(replace.created).toHaveLength(1);
    const allow = recorder();
    await allow.controller.reconcile(scheduled({ concurrencyPolicy: 'Allow' }, status), unfinished, T0 + 1000);
    expect(allow.deleted).toEqual([]);
    expect(allow.created).toHaveLength(1);
  });

  it('answers FailedValidation for a schedule or time zone it cannot use', async () => {
    const r = recorder();
    await r.controller.reconcile(scheduled({ schedule: 'sometimes' }), [], T0);
    expect(r.statuses.at(-1)).toEqual({ scheduleState: 'FailedValidation', reason: 'expected exactly 5 fields, found 1: [sometimes]' });
    await r.controller.reconcile(scheduled({ timeZone: 'Mars/Olympus' }), [], T0);
    expect(r.statuses.at(-1)).toEqual({ scheduleState: 'FailedValidation', reason: 'Invalid timezone: unknown time zone Mars/Olympus' });
  });
});
