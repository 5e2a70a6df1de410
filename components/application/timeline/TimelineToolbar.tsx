'use client';

// Zoom in, zoom out, fit all and the follow-live toggle, each with an accessible name.

export interface TimelineToolbarProps {
  live: boolean;
  onZoomIn: () => void;
  onZoomOut: () => void;
  onFit: () => void;
  onToggleLive: () => void;
}

const BUTTON =
  'inline-flex h-7 min-w-7 items-center justify-center gap-1 rounded border border-neutral-300 bg-white px-2 text-xs text-neutral-700 '
  + 'hover:bg-neutral-100 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-200 dark:hover:bg-neutral-800';

export function TimelineToolbar({ live, onZoomIn, onZoomOut, onFit, onToggleLive }: TimelineToolbarProps) {
  return (
    <div role="toolbar" aria-label="Timeline view" className="flex items-center gap-1">
      <button type="button" className={BUTTON} aria-label="Zoom in" title="Zoom in (+)" onClick={onZoomIn}>+</button>
      <button type="button" className={BUTTON} aria-label="Zoom out" title="Zoom out (−)" onClick={onZoomOut}>−</button>
      <button type="button" className={BUTTON} aria-label="Fit all" title="Show the whole history (double-click)" onClick={onFit}>Fit</button>
      <button
        type="button"
        className={`${BUTTON} ${live ? 'border-blue-600 text-blue-700 dark:border-blue-400 dark:text-blue-300' : ''}`}
        aria-label="Follow live"
        aria-pressed={live}
        title={live ? 'Following now: click to stop' : 'Follow now'}
        onClick={onToggleLive}
      >
        <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${live ? 'bg-red-500' : 'bg-neutral-400'}`} />
        Live
      </button>
    </div>
  );
}
