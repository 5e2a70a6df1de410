// What the operator views say in words, as pure functions: the chip on a row, the sentence on
// the page of an application that has no pods, the one-line cause of a failure, a schedule in
// words, times relative to now, and where an attempt's or a scheduled run's page is.

import { errorCore } from '../../lib/operator/errorText';
import type { OperatorPhase, OperatorRef, ScheduledRun } from '../../lib/operator/operatorApp';
import { operatorAppId } from '../../lib/operator/operatorApp';
import { formatDuration } from '../ui/format';
import { OPERATOR_NAMES, OPERATOR_PHASE_STYLES } from './operatorPhaseStyles';

/** Both operators name the resource kind SparkApplication. */
export const OPERATOR_KIND = 'SparkApplication';

/** The operator's own word for the state, or the phase's name when it has none yet (Kubeflow's '' is new). */
export function stateWord(phase: OperatorPhase, raw: string): string {
  return raw || OPERATOR_PHASE_STYLES[phase].label.toUpperCase();
}

/** "SparkApplication · RUNNING": the chip on an overview row, a wall tile, a history row. */
export function operatorChipText(ref: Pick<OperatorRef, 'phase' | 'rawState'>): string {
  return `${OPERATOR_KIND} · ${stateWord(ref.phase, ref.rawState)}`;
}

/** The chip's tooltip: which resource, which operator, which schedule. */
export function operatorChipTitle(ref: OperatorRef): string {
  const scheduled = ref.scheduledBy ? `, run by the schedule ${ref.scheduledBy}` : '';
  return `${OPERATOR_KIND} ${ref.name} (${OPERATOR_NAMES[ref.operator]})${scheduled}: ${OPERATOR_PHASE_STYLES[ref.phase].label.toLowerCase()}`;
}

/** The failure the operator recorded, in one line ("submission failed: …"); null when it records none. */
export function operatorCauseLine(ref: Pick<OperatorRef, 'phase' | 'errorMessage'>): string | null {
  const first = ref.errorMessage ? errorCore(ref.errorMessage).split('\n').find((l) => l.trim())?.trim() : undefined;
  if (ref.phase === 'submission-failed') return first ? `submission failed: ${first}` : 'submission failed';
  if (ref.phase === 'failed' || ref.phase === 'failing') return first ? `failed: ${first}` : null;
  return null;
}

export interface PodlessSentence {
  tone: 'info' | 'warning' | 'error';
  title: string;
  body: string;
}

/** What the page of an operator application without pods says first. */
export function podlessSentence(ref: Pick<OperatorRef, 'phase' | 'rawState'>): PodlessSentence {
  switch (ref.phase) {
    case 'submission-failed':
      return { tone: 'error', title: 'The submission failed: no pod was created', body: 'spark-submit could not create the driver pod; the operator recorded why below. Executors, volumes, events and RBAC appear once a pod exists.' };
    case 'failed':
    case 'failing':
      return { tone: 'error', title: 'The application failed before any pod was seen', body: 'The operator recorded the failure below; the dashboard saw no pod of it.' };
    case 'completed':
    case 'succeeding':
      return { tone: 'info', title: 'No pods: the application finished and its pods are gone', body: 'What the operator recorded of it is below.' };
    case 'suspended':
    case 'suspending':
      return { tone: 'info', title: 'No pods: the application is suspended', body: 'The operator creates a driver when it is resumed.' };
    default:
      return { tone: 'info', title: 'No pods yet: the operator has not created a driver', body: `The operator says ${stateWord(ref.phase, ref.rawState)}. This page shows the driver and executors as soon as they exist.` };
  }
}

/** The application page of a Spark application id (or of a pod-less operator application). */
export function appPath(cluster: string, namespace: string, appId: string): string {
  return `/apps/${encodeURIComponent(cluster)}/${encodeURIComponent(namespace)}/${encodeURIComponent(appId)}`;
}

/** A scheduled run's page: its Spark application when it recorded one, else its pod-less operator page. */
export function runPath(cluster: string, namespace: string, run: Pick<ScheduledRun, 'name' | 'appId'>): string {
  return appPath(cluster, namespace, run.appId ?? operatorAppId(run.name));
}

/** "in 4m 10s" or "3m 05s ago". */
export function formatRelative(t: number | null | undefined, now: number): string {
  if (t === null || t === undefined) return '–';
  return t > now ? `in ${formatDuration(t - now)}` : `${formatDuration(now - t)} ago`;
}

const CRON_MACROS: Readonly<Record<string, string>> = {
  '@yearly': 'once a year (1 January, midnight)', '@annually': 'once a year (1 January, midnight)', '@monthly': 'once a month (the 1st, midnight)',
  '@weekly': 'once a week (Sunday, midnight)', '@daily': 'every day at midnight', '@midnight': 'every day at midnight', '@hourly': 'every hour, on the hour',
};

const DURATION_UNIT: Readonly<Record<string, string>> = { h: 'hour', m: 'minute', s: 'second' };
const pad2 = (v: string) => v.padStart(2, '0');
const plural = (n: number, unit: string) => (n === 1 ? unit : `${n} ${unit}s`);

/**
 * A cron schedule in words for the common shapes (robfig/cron, as Kubeflow's scheduler reads
 * it: five fields, @macros and @every); null for anything else, which the page shows as is.
 */
export function describeSchedule(schedule: string): string | null {
  const s = schedule.trim().replace(/^(CRON_)?TZ=\S+\s+/, '');
  if (CRON_MACROS[s]) return CRON_MACROS[s];
  const every = /^@every\s+((?:\d+[hms])+)$/.exec(s);
  if (every) {
    const parts = [...every[1].matchAll(/(\d+)([hms])/g)];
    // "every 5 minutes", but "every 1 hour 30 minutes" (not "every hour 30 minutes").
    if (parts.length === 1) return `every ${plural(Number(parts[0][1]), DURATION_UNIT[parts[0][2]])}`;
    return `every ${parts.map((m) => `${Number(m[1])} ${DURATION_UNIT[m[2]]}${m[1] === '1' ? '' : 's'}`).join(' ')}`;
  }
  const f = s.split(/\s+/);
  if (f.length !== 5) return null;
  const [min, hour, dom, mon, dow] = f;
  const anyDay = dom === '*' && mon === '*' && dow === '*';
  if (!anyDay) return null;
  const step = /^\*\/(\d+)$/;
  if (min === '*' && hour === '*') return 'every minute';
  if (step.test(min) && hour === '*') return `every ${plural(Number(step.exec(min)![1]), 'minute')}`;
  if (/^\d+$/.test(min) && hour === '*') return min === '0' ? 'every hour, on the hour' : `every hour at minute ${Number(min)}`;
  if (/^\d+$/.test(min) && step.test(hour)) return `every ${plural(Number(step.exec(hour)![1]), 'hour')} at minute ${Number(min)}`;
  if (/^\d+$/.test(min) && /^\d+$/.test(hour)) return `every day at ${pad2(hour)}:${pad2(min)}`;
  return null;
}
