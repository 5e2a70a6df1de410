// Findings stated as facts, most severe first, each with the pods or subjects it concerns.

import { Notice } from './Notice';

export interface FindingLike {
  id: string;
  severity: 'info' | 'warning' | 'danger';
  title: string;
  detail: string;
  pods?: readonly string[];
  claims?: readonly string[];
  subjects?: readonly string[];
  /** Kubernetes events the finding explains (e.g. the driver's Forbidden errors). */
  events?: readonly { reason?: string; message: string; count?: number; lastTimestamp?: string }[];
}

export type FindingEvent = NonNullable<FindingLike['events']>[number];

/** Kubernetes events as a short list: reason, how often, and the message as written. */
export function EventList({ events, max }: { events: readonly FindingEvent[]; max: number }) {
  return (
    <ul className="list-disc pl-5">
      {events.slice(0, max).map((e, i) => <li key={i}><span className="font-semibold">{e.reason ?? 'Warning'}</span>{e.count && e.count > 1 ? ` ×${e.count}` : ''}: <span className="font-mono">{e.message}</span></li>)}
    </ul>
  );
}

const TONE = { danger: 'error', warning: 'warning', info: 'info' } as const;

function Names({ label, names }: { label: string; names: readonly string[] }) {
  if (!names.length) return null;
  const shown = names.slice(0, 6);
  return (
    <p className="text-xs">
      <span className="font-medium">{label}:</span> <span className="font-mono">{shown.join(', ')}</span>
      {names.length > shown.length && ` and ${names.length - shown.length} more`}
    </p>
  );
}

export function FindingList({ findings, empty }: { findings: readonly FindingLike[]; empty?: string }) {
  if (!findings.length) return empty ? <p className="text-sm text-neutral-600 dark:text-neutral-400">{empty}</p> : null;
  return (
    <ul className="space-y-2" aria-label="Findings">
      {findings.map((f) => (
        <li key={f.id} data-finding={f.id}>
          <Notice tone={TONE[f.severity]} role="status" title={f.title}>
            <p className="whitespace-pre-line">{f.detail}</p>
            <Names label="Pods" names={f.pods ?? []} />
            <Names label="Claims" names={f.claims ?? []} />
            <Names label="Subjects" names={f.subjects ?? []} />
            {f.events && f.events.length > 0 && (
              <div className="mt-1 text-xs" data-testid="finding-events">
                <p className="font-medium">Explains {f.events.length === 1 ? 'this event' : `these ${f.events.length} events`} of the driver:</p>
                <EventList events={f.events} max={3} />
              </div>
            )}
          </Notice>
        </li>
      ))}
    </ul>
  );
}
