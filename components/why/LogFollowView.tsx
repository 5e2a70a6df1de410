'use client';

// The drawer's live log of a running pod: on demand (a button), following while the drawer is
// open, scrolled to the newest line unless the reader scrolled up. Text only, never markup.

import { useEffect, useRef, useState } from 'react';
import { useLogFollow } from '../data/useLogFollow';
import { Notice } from '../ui/Notice';

export function LogFollowView({ cluster, namespace, name }: { cluster: string; namespace: string; name: string }) {
  const [following, setFollowing] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const log = useLogFollow(cluster, namespace, name, following, attempt);
  const box = useRef<HTMLPreElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const el = box.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [log.lines]);
  const live = log.status === 'opening' || log.status === 'open';
  const start = () => { pinned.current = true; setAttempt((a) => a + 1); setFollowing(true); };

  return (
    <div className="space-y-2" data-testid="log-follow" data-status={log.status}>
      <div className="flex items-center gap-2">
        {live ? (
          <button type="button" onClick={() => setFollowing(false)} className="rounded border border-neutral-300 px-2 py-0.5 text-xs hover:bg-neutral-100 dark:border-neutral-700 dark:hover:bg-neutral-800" data-testid="log-follow-stop">Stop</button>
        ) : (
          <button type="button" onClick={start} className="rounded border border-neutral-300 px-2 py-0.5 text-xs hover:bg-neutral-100 dark:border-neutral-700 dark:hover:bg-neutral-800" data-testid="log-follow-start">
            {log.status === 'idle' ? 'Follow log' : 'Follow again'}
          </button>
        )}
        <span className="text-xs text-neutral-600 dark:text-neutral-400" aria-live="polite">
          {log.status === 'idle' && 'The last 100 lines, then each new one while this stays open.'}
          {log.status === 'opening' && 'Connecting…'}
          {log.status === 'open' && <><span className="mr-1 inline-block h-2 w-2 animate-pulse rounded-full bg-emerald-500 align-middle" aria-hidden />Following {log.container} · {log.lines.length} lines</>}
          {log.status === 'ended' && log.message}
        </span>
      </div>
      {log.status === 'failed' && (
        <Notice tone={log.forbidden ? 'warning' : 'error'} title={log.forbidden ? 'Not permitted to read logs' : 'Could not follow the log'}>{log.message}</Notice>
      )}
      {log.lines.length > 0 && (
        <pre
          ref={box}
          onScroll={(e) => { const el = e.currentTarget; pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24; }}
          className="max-h-80 overflow-auto whitespace-pre-wrap break-words rounded bg-neutral-950 p-2 font-mono text-[11px] leading-snug text-neutral-100"
          data-testid="log-follow-text"
        >{log.lines.join('\n')}</pre>
      )}
    </div>
  );
}
