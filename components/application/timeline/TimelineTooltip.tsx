'use client';

// What the timeline says about the bar under the cursor: which pod, which state, since when
// and for how long, where it ran and why it ended.

import type { ExecutorRow } from '../../../lib/snapshot/executorRow';
import type { Segment } from '../../../lib/timeline/segments';
import { isExitMarker, segmentEnd } from '../../../lib/timeline/segments';
import { STATE_STYLES } from '../../state/stateStyles';
import { formatDuration, formatInstant, rowTitle } from './timelineFormat';

export interface TimelineTooltipProps {
  row: ExecutorRow;
  /** The state under the cursor; over the gutter, the current one. */
  segment: Segment | null;
  now: number;
}

export function TimelineTooltip({ row, segment, now }: TimelineTooltipProps) {
  const style = segment ? STATE_STYLES[segment.state] : null;
  const isExit = segment !== null && isExitMarker(segment);
  return (
    <div className="space-y-0.5">
      <div className="font-semibold">{rowTitle(row)}</div>
      <div className="break-all font-mono text-neutral-500 dark:text-neutral-400">{row.name}</div>
      {segment && style && (
        <div className="flex items-center gap-1.5 pt-1">
          <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: `var(${style.cssVar})` }} />
          <span aria-hidden>{style.glyph}</span>
          <span className="font-medium">{isExit ? 'Left the API' : style.label}</span>
        </div>
      )}
      {segment && (
        <div>
          {isExit ? 'at ' : 'since '}
          {formatInstant(segment.start, now)}
          {!isExit && <>, for {formatDuration(segmentEnd(segment, now) - segment.start)}{segment.open ? ' so far' : ''}</>}
        </div>
      )}
      {row.node && <div>Node <span className="font-mono">{row.node}</span></div>}
      {(row.reason || row.exitCode !== null) && (
        <div>
          {row.reason}
          {row.reason && row.exitCode !== null ? ', ' : ''}
          {row.exitCode !== null && `exit code ${row.exitCode}`}
        </div>
      )}
      {row.restarts > 0 && <div>{row.restarts} container restart{row.restarts === 1 ? '' : 's'}</div>}
      {row.deleting && !row.gone && <div className="font-medium">Deletion requested while running</div>}
      {row.inactive && <div className="text-neutral-500 dark:text-neutral-400">Inactive: Spark no longer counts this pod</div>}
    </div>
  );
}
