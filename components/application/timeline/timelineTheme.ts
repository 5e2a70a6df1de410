// Colours the canvas draws with. State colours come from the CSS variables (`--state-<name>`,
// defined per theme in app/globals.css) and fall back to the state table's light/dark values;
// the chrome (text, grid, live edge) follows the theme. Read once per theme change, not per frame.

import { STATE_STYLES } from '../../state/stateStyles';
import type { ExecutorPodState } from '../../../lib/spark/podState';
import { EXECUTOR_POD_STATES } from '../../../lib/spark/podState';

export interface TimelineTheme {
  dark: boolean;
  fill: Readonly<Record<ExecutorPodState, string>>;
  text: string;
  mutedText: string;
  gutter: string;
  grid: string;
  hover: string;
  selection: string;
  focus: string;
  now: string;
  /** The end cap of a pod whose deletion was requested while it still runs. */
  cap: string;
  /** Pattern ink drawn over state colours. */
  ink: string;
  /** Veils a span of time nobody watched (the dashboard was not running). */
  unobserved: string;
  /** Event ticks: a Warning, a Normal event, and the halo that keeps either readable on a bar. */
  eventWarning: string;
  eventNormal: string;
  eventHalo: string;
  font: string;
}

type Chrome = Omit<TimelineTheme, 'dark' | 'fill' | 'font'>;

const CHROME: Readonly<Record<'light' | 'dark', Chrome>> = {
  light: {
    text: '#404040', mutedText: '#a3a3a3', gutter: '#fafafa', grid: 'rgba(0,0,0,0.07)', hover: 'rgba(0,0,0,0.05)',
    selection: '#2563eb', focus: '#171717', now: '#171717', cap: '#111111', ink: 'rgba(255,255,255,0.7)', unobserved: 'rgba(250,250,250,0.85)',
    // Red, not the failed state's vermillion: a warning tick must stand out on a failed bar and a pending one.
    eventWarning: '#b91c1c', eventNormal: '#737373', eventHalo: '#ffffff',
  },
  dark: {
    text: '#d4d4d4', mutedText: '#737373', gutter: '#171717', grid: 'rgba(255,255,255,0.08)', hover: 'rgba(255,255,255,0.07)',
    selection: '#60a5fa', focus: '#f5f5f5', now: '#f5f5f5', cap: '#0a0a0a', ink: 'rgba(0,0,0,0.45)', unobserved: 'rgba(23,23,23,0.85)',
    eventWarning: '#f87171', eventNormal: '#a3a3a3', eventHalo: '#0a0a0a',
  },
};

const FONT = '11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

/** Whether the page is in dark mode: the `dark` class on <html> (see app/globals.css). */
export function isDarkDocument(): boolean {
  return typeof document !== 'undefined' && document.documentElement.classList.contains('dark');
}

/** The theme as `el` sees it (CSS variables cascade, so an element can carry its own). */
export function readTimelineTheme(el: Element | null, dark: boolean = isDarkDocument()): TimelineTheme {
  const css = el && typeof getComputedStyle === 'function' ? getComputedStyle(el) : null;
  const read = (name: string) => css?.getPropertyValue(name).trim() ?? '';
  const fill = {} as Record<ExecutorPodState, string>;
  for (const s of EXECUTOR_POD_STATES) fill[s] = read(STATE_STYLES[s].cssVar) || STATE_STYLES[s][dark ? 'dark' : 'light'];
  const chrome = CHROME[dark ? 'dark' : 'light'];
  return { dark, fill, ...chrome, selection: read('--accent') || chrome.selection, font: FONT };
}

/** Calls `onChange` when the `dark` class (or style) of <html> or the system colour scheme changes. */
export function watchTheme(onChange: () => void): () => void {
  if (typeof document === 'undefined') return () => {};
  const observer = typeof MutationObserver === 'function' ? new MutationObserver(onChange) : null;
  observer?.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] });
  const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  media?.addEventListener('change', onChange);
  return () => {
    observer?.disconnect();
    media?.removeEventListener('change', onChange);
  };
}
