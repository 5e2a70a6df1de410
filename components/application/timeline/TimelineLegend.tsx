'use client';

// The key to the timeline: every state's swatch (colour and the same pattern the canvas uses,
// approximated in CSS), glyph and label, plus the marks that are not states (event ticks of
// the kinds drawn).

import type { CSSProperties } from 'react';
import type { StateStyle } from '../../state/stateStyles';
import { STATE_STYLES } from '../../state/stateStyles';
import { EXECUTOR_POD_STATES } from '../../../lib/spark/podState';

const INK = 'rgba(255,255,255,0.7)';

/** A CSS background that looks like the canvas pattern of `style`. */
export function swatchStyle(style: StateStyle): CSSProperties {
  const colour = `var(${style.cssVar})`;
  switch (style.pattern) {
    case 'hatch':
      return { background: `repeating-linear-gradient(-45deg, ${colour} 0 3px, ${INK} 3px 4px)` };
    case 'cross':
      return { background: `repeating-linear-gradient(45deg, transparent 0 3px, ${INK} 3px 4px), repeating-linear-gradient(-45deg, ${colour} 0 3px, ${INK} 3px 4px)` };
    case 'stripes':
      return { background: `repeating-linear-gradient(90deg, ${INK} 0 2px, ${colour} 2px 6px)` };
    case 'dots':
      return { background: `radial-gradient(${INK} 1px, transparent 1.5px) 0 0 / 5px 5px, ${colour}` };
    case 'zigzag':
      return { background: `linear-gradient(135deg, ${INK} 25%, transparent 25%) -3px 0 / 6px 6px, linear-gradient(225deg, ${INK} 25%, transparent 25%) -3px 0 / 6px 6px, ${colour}` };
    case 'hollow':
      return { border: `1.5px solid ${colour}` };
    default:
      return { background: colour };
  }
}

/** An event tick as the canvas draws it: a 2 px mark with a halo, on a running bar. */
function TickSwatch({ warning }: { warning: boolean }) {
  return (
    <span aria-hidden className="relative inline-block h-3 w-4 rounded-sm" style={{ background: 'var(--state-running)' }}>
      <span className="absolute left-[6px] w-[4px] bg-white dark:bg-neutral-950" style={warning ? { top: 0, bottom: 0 } : { top: 2, bottom: 2 }} />
      {/* The colours of timelineTheme's eventWarning and eventNormal. */}
      <span className={`absolute left-[7px] w-[2px] ${warning ? 'bg-red-700 dark:bg-red-400' : 'bg-neutral-500 dark:bg-neutral-400'}`} style={warning ? { top: 0, bottom: 0 } : { top: 3, bottom: 3 }} />
    </span>
  );
}

export function TimelineLegend({ className, events }: { className?: string; events?: { warning: boolean; normal: boolean } }) {
  return (
    <ul aria-label="Legend" className={`flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-neutral-600 dark:text-neutral-400 ${className ?? ''}`}>
      {EXECUTOR_POD_STATES.map((state) => {
        const style = STATE_STYLES[state];
        return (
          <li key={state} className="flex items-center gap-1" title={style.description}>
            <span aria-hidden className="inline-block h-3 w-4 rounded-sm" style={swatchStyle(style)} />
            <span aria-hidden>{style.glyph}</span>
            <span>{style.label}</span>
          </li>
        );
      })}
      <li className="flex items-center gap-1">
        <span aria-hidden className="inline-block h-3 w-4 rounded-sm" style={{ background: 'linear-gradient(90deg, var(--state-running) 70%, #111 70% 85%, transparent 85%)' }} />
        <span>Deletion requested</span>
      </li>
      <li className="flex items-center gap-1">
        <span aria-hidden className="inline-block h-3 w-4 rounded-sm opacity-35" style={{ background: 'var(--state-running)' }} />
        <span>Inactive</span>
      </li>
      {events?.warning && (
        <li className="flex items-center gap-1" title="A Warning event about the pod or its claims, at its last occurrence (and its first, when repeated)">
          <TickSwatch warning /><span>Warning event</span>
        </li>
      )}
      {events?.normal && (
        <li className="flex items-center gap-1" title="A Normal event about the pod or its claims, at its last occurrence (and its first, when repeated)">
          <TickSwatch warning={false} /><span>Normal event</span>
        </li>
      )}
    </ul>
  );
}
