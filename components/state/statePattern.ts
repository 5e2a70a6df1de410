// CSS fills for each state: its colour plus the same second cue the timeline draws (hatch,
// dots, stripes, …), so bars and swatches never tell state by colour alone.

import type { CSSProperties } from 'react';
import type { ExecutorPodState } from '../../lib/spark/podState';
import { STATE_STYLES } from './stateStyles';

const OVERLAY = 'rgba(255,255,255,0.55)';

export function stateFill(state: ExecutorPodState): CSSProperties {
  const style = STATE_STYLES[state];
  const color = `var(${style.cssVar})`;
  switch (style.pattern) {
    case 'hatch':
      return { backgroundColor: color, backgroundImage: `repeating-linear-gradient(45deg, ${OVERLAY} 0 2px, transparent 2px 6px)` };
    case 'stripes':
      return { backgroundColor: color, backgroundImage: `repeating-linear-gradient(90deg, ${OVERLAY} 0 2px, transparent 2px 6px)` };
    case 'dots':
      return { backgroundColor: color, backgroundImage: `radial-gradient(${OVERLAY} 1px, transparent 1.5px)`, backgroundSize: '5px 5px' };
    case 'cross':
      return { backgroundColor: color, backgroundImage: `repeating-linear-gradient(45deg, ${OVERLAY} 0 1.5px, transparent 1.5px 6px), repeating-linear-gradient(-45deg, ${OVERLAY} 0 1.5px, transparent 1.5px 6px)` };
    case 'zigzag':
      return { backgroundColor: color, backgroundImage: `linear-gradient(135deg, ${OVERLAY} 25%, transparent 25%), linear-gradient(225deg, ${OVERLAY} 25%, transparent 25%)`, backgroundSize: '6px 6px' };
    case 'hollow':
      return { backgroundColor: 'transparent', boxShadow: `inset 0 0 0 2px ${color}` };
    default:
      return { backgroundColor: color };
  }
}
