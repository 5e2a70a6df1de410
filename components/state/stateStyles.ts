// One table, state → colour, icon and pattern, read by every badge, bar, chart and the
// timeline, so a state never appears in two colours. Colours follow the Okabe–Ito palette
// (safe for the common colour-vision deficiencies) and every state also has a glyph and a
// fill pattern, so state is never told by colour alone.

import type { ExecutorPodState } from '../../lib/spark/podState';

export interface StateStyle {
  label: string;
  /** CSS custom property holding the colour (themes swap the variables, not the table). */
  cssVar: string;
  /** Fallback colours for canvas drawing, per theme. */
  light: string;
  dark: string;
  /** A single glyph shown beside the name. */
  glyph: string;
  /** How the timeline and bars fill this state besides its colour. */
  pattern: 'solid' | 'hatch' | 'dots' | 'cross' | 'stripes' | 'hollow' | 'zigzag';
  description: string;
}

export const STATE_STYLES: Readonly<Record<ExecutorPodState, StateStyle>> = {
  running: { label: 'Running', cssVar: '--state-running', light: '#0072B2', dark: '#3A9BDC', glyph: '▶', pattern: 'solid', description: 'Phase Running and the Spark container has not terminated.' },
  pending: { label: 'Pending', cssVar: '--state-pending', light: '#E69F00', dark: '#F0B429', glyph: '◷', pattern: 'stripes', description: 'Phase Pending: waiting to be scheduled, for volumes, or for images.' },
  succeeded: { label: 'Succeeded', cssVar: '--state-succeeded', light: '#009E73', dark: '#2FC196', glyph: '✓', pattern: 'dots', description: 'Phase Succeeded, or the Spark container exited 0.' },
  failed: { label: 'Failed', cssVar: '--state-failed', light: '#D55E00', dark: '#FF7A33', glyph: '✕', pattern: 'hatch', description: 'Phase Failed, or a container exited non-zero while the pod runs.' },
  deleted: { label: 'Deleted', cssVar: '--state-deleted', light: '#6E6E6E', dark: '#9A9A9A', glyph: '⊘', pattern: 'cross', description: 'Deletion requested (not while running), or the pod left the API.' },
  terminating: { label: 'Terminating', cssVar: '--state-terminating', light: '#CC79A7', dark: '#E29AC3', glyph: '⤓', pattern: 'zigzag', description: 'Phase "Terminating", which no real API server sends.' },
  unknown: { label: 'Unknown', cssVar: '--state-unknown', light: '#3D3D3D', dark: '#D8D8D8', glyph: '?', pattern: 'hollow', description: 'A phase Spark does not recognise, or a pod Spark itself could not read.' },
};
