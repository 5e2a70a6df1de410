'use client';

// One group of identical volumes: what it is, where it is mounted, how many pods have it, and
// the Spark settings that produce it (ready to copy), or why no setting can.

import type { GroupWithConf } from '../../lib/volumes/applicationVolumes';
import { formatSparkConf } from '../../lib/volumes/sparkVolumeConf';
import { cn } from '../ui/cn';
import { CopyButton } from '../ui/CopyButton';
import { describeSource, KIND_LABEL, ORIGIN_LABEL } from './volumeText';

export function VolumeGroupRow({ item }: { item: GroupWithConf }) {
  const { group: g, conf } = item;
  const danger = g.kind === 'hostPath';
  const text = conf.supported ? formatSparkConf(conf.entries, 'spark-submit') : '';
  return (
    <li data-volume={g.name} data-kind={g.kind} className={cn('rounded border p-3 text-sm', danger ? 'border-[var(--state-failed)]' : 'border-neutral-200 dark:border-neutral-800')}>
      <div className="flex flex-wrap items-baseline gap-2">
        <span className="rounded bg-neutral-100 px-1.5 py-0.5 text-xs font-semibold dark:bg-neutral-800">{KIND_LABEL[g.kind]}</span>
        <span className="font-mono font-medium">{g.name}</span>
        <span className="text-neutral-700 dark:text-neutral-300">{describeSource(g)}</span>
        <span className="ml-auto text-xs text-neutral-600 dark:text-neutral-400">{ORIGIN_LABEL[g.origin]} · {g.podCount} pod{g.podCount === 1 ? '' : 's'}{g.distinctSources > 1 ? ` · ${g.distinctSources} distinct sources` : ''}</span>
      </div>
      {g.mounts.length > 0 ? (
        <ul className="mt-1 space-y-0.5 text-xs">
          {g.mounts.map((m) => (
            <li key={`${m.container}-${m.mountPath}-${m.subPath ?? ''}`}>
              <span className="font-mono">{m.container}</span> <span className="text-neutral-500">({m.containerRole})</span> → <span className="font-mono">{m.mountPath}</span>
              {m.subPath && <> subPath <span className="font-mono">{m.subPath}</span></>}
              {m.subPathExpr && <> subPathExpr <span className="font-mono">{m.subPathExpr}</span></>}
              {' '}<span className={cn('font-medium', !m.readOnly && danger && 'text-[var(--state-failed)]')}>{m.readOnly ? 'read-only' : 'read-write'}</span>
            </li>
          ))}
        </ul>
      ) : <p className="mt-1 text-xs text-neutral-600 dark:text-neutral-400">Not mounted by any container.</p>}
      {g.origin === 'user' && (
        <details className="mt-2">
          <summary className="cursor-pointer text-xs text-[var(--accent)]">Spark settings for this volume</summary>
          {conf.supported ? (
            <div className="mt-1">
              <div className="flex justify-end"><CopyButton text={text} /></div>
              <pre className="mt-1 overflow-x-auto rounded bg-neutral-50 p-2 text-xs dark:bg-neutral-950" data-testid="spark-volume-conf">{text}</pre>
              {conf.notes.map((n) => <p key={n} className="text-xs text-neutral-600 dark:text-neutral-400">{n}</p>)}
            </div>
          ) : <p className="mt-1 text-xs">{conf.reason}</p>}
        </details>
      )}
    </li>
  );
}
