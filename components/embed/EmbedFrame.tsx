'use client';

// The frame of an embedded panel: no navigation, fills its iframe, tells the parent page its
// content height (postMessage {type: 'spark-pod-dashboard:height', panel, height}) so the
// portal can size the iframe, and still shows when data is stale.

import { useEffect, useRef, type ReactNode } from 'react';
import { ConnectionStatus } from '../live/ConnectionStatus';
import { useReloadOnUpgrade } from '../live/useReloadOnUpgrade';

export const HEIGHT_MESSAGE = 'spark-pod-dashboard:height';

export function EmbedFrame({ panel, title, children }: { panel: string; title: string; children: ReactNode }) {
  const root = useRef<HTMLDivElement>(null);
  useReloadOnUpgrade();
  useEffect(() => {
    const el = root.current;
    if (!el || window.parent === window) return;
    let last = -1;
    const post = () => {
      const height = Math.ceil(el.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      // Only a height crosses the frame, so any parent may receive it.
      window.parent.postMessage({ type: HEIGHT_MESSAGE, panel, height }, '*');
    };
    const observer = new ResizeObserver(post);
    observer.observe(el);
    post();
    return () => observer.disconnect();
  }, [panel]);
  return (
    <div ref={root} data-testid="embed-frame" data-panel={panel} className="bg-white p-3 text-neutral-900 dark:bg-neutral-900 dark:text-neutral-100">
      <header className="mb-2 flex items-center justify-between gap-2">
        <h1 className="truncate text-sm font-semibold">{title}</h1>
        <ConnectionStatus />
      </header>
      <main>{children}</main>
    </div>
  );
}
