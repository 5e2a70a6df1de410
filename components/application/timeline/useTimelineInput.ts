'use client';

// Mouse, touch and wheel input of the timeline, wired as native listeners (a wheel listener
// must be non-passive to stop the page from zooming or scrolling). Over the body, a plain
// vertical wheel scrolls rows natively; ctrl/⌘+wheel zooms about the cursor, shift+wheel or a
// horizontal swipe pans. Over the axis a plain wheel zooms. Drag pans, two fingers pinch-zoom,
// a click without a drag selects, a double click fits the whole history.

import type { RefObject } from 'react';
import { useEffect, useRef } from 'react';
import type { TimelineHit, TimelineRenderer } from './timelineRenderer';

export interface TimelineInputHandlers {
  /** The row and state under the mouse, with the point relative to the body; null when none. */
  onHover: (hit: TimelineHit | null, x: number, y: number) => void;
  onClickRow: (pos: number) => void;
}

const WHEEL_ZOOM_PER_PX = 0.0015;
const DRAG_THRESHOLD_PX = 4;

function wheelPx(delta: number, mode: number): number {
  if (mode === 1) return delta * 16; // lines
  if (mode === 2) return delta * 400; // pages
  return delta;
}

interface Drag {
  id: number;
  startX: number;
  lastX: number;
  moved: boolean;
}

export function useTimelineInput(
  rendererRef: RefObject<TimelineRenderer | null>,
  bodyRef: RefObject<HTMLElement | null>,
  axisRef: RefObject<HTMLElement | null>,
  handlers: TimelineInputHandlers,
): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    const body = bodyRef.current;
    const axis = axisRef.current;
    if (!body || !axis) return;
    const local = (el: HTMLElement, e: { clientX: number; clientY: number }) => {
      const r = el.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };

    const wheel = (overAxis: boolean) => (e: WheelEvent) => {
      const renderer = rendererRef.current;
      if (!renderer) return;
      const dx = wheelPx(e.deltaX, e.deltaMode);
      const dy = wheelPx(e.deltaY, e.deltaMode);
      const { x } = local(overAxis ? axis : body, e);
      const vertical = Math.abs(dy) >= Math.abs(dx);
      if (e.ctrlKey || e.metaKey || (overAxis && !e.shiftKey && vertical)) {
        e.preventDefault();
        renderer.zoomAtX(x, Math.exp(dy * WHEEL_ZOOM_PER_PX));
      } else if (e.shiftKey || !vertical) {
        e.preventDefault();
        renderer.panPx(e.shiftKey ? dx || dy : dx);
      }
    };
    const bodyWheel = wheel(false);
    const axisWheel = wheel(true);

    const pointers = new Map<number, { x: number; y: number }>();
    let drag: Drag | null = null;
    let pinchDistance = 0;
    const spread = () => {
      const [a, b] = [...pointers.values()];
      return { distance: Math.hypot(a.x - b.x, a.y - b.y), midX: (a.x + b.x) / 2 };
    };

    const down = (e: PointerEvent) => {
      if (e.pointerType === 'mouse' && e.button !== 0) return;
      const p = local(body, e);
      pointers.set(e.pointerId, p);
      if (pointers.size === 1) {
        drag = { id: e.pointerId, startX: p.x, lastX: p.x, moved: false };
      } else if (pointers.size === 2) {
        drag = null;
        pinchDistance = spread().distance;
      }
    };
    const move = (e: PointerEvent) => {
      const renderer = rendererRef.current;
      if (!renderer) return;
      const p = local(body, e);
      if (pointers.has(e.pointerId)) {
        pointers.set(e.pointerId, p);
        if (pointers.size === 2) {
          const { distance, midX } = spread();
          if (pinchDistance > 0 && distance > 0) renderer.zoomAtX(midX, pinchDistance / distance);
          pinchDistance = distance;
          return;
        }
        if (drag && drag.id === e.pointerId) {
          if (!drag.moved && Math.abs(p.x - drag.startX) > DRAG_THRESHOLD_PX) {
            drag.moved = true;
            body.setPointerCapture?.(e.pointerId);
            body.style.cursor = 'grabbing';
            latest.current.onHover(null, 0, 0);
          }
          if (drag.moved) renderer.panPx(drag.lastX - p.x);
          drag.lastX = p.x;
          return;
        }
      }
      if (e.pointerType === 'mouse') latest.current.onHover(renderer.hit(p.x, p.y), p.x, p.y);
    };
    const end = (e: PointerEvent) => {
      const renderer = rendererRef.current;
      if (drag && drag.id === e.pointerId && !drag.moved && e.type === 'pointerup' && renderer) {
        const p = local(body, e);
        const hit = renderer.hit(p.x, p.y);
        if (hit) latest.current.onClickRow(hit.pos);
      }
      if (drag && drag.id === e.pointerId) {
        if (drag.moved) body.releasePointerCapture?.(e.pointerId);
        drag = null;
        body.style.cursor = '';
      }
      pointers.delete(e.pointerId);
      if (pointers.size < 2) pinchDistance = 0;
    };
    const leave = (e: PointerEvent) => {
      if (e.pointerType === 'mouse' && !drag) latest.current.onHover(null, 0, 0);
    };
    const fit = () => rendererRef.current?.fit();
    const scroll = () => {
      rendererRef.current?.update({ scrollTop: body.scrollTop });
      latest.current.onHover(null, 0, 0);
    };

    // One signal removes every listener below when the effect is cleaned up.
    const ac = new AbortController();
    const { signal } = ac;
    body.addEventListener('wheel', bodyWheel, { passive: false, signal });
    axis.addEventListener('wheel', axisWheel, { passive: false, signal });
    body.addEventListener('pointerdown', down, { signal });
    body.addEventListener('pointermove', move, { signal });
    body.addEventListener('pointerup', end, { signal });
    body.addEventListener('pointercancel', end, { signal });
    body.addEventListener('pointerleave', leave, { signal });
    body.addEventListener('dblclick', fit, { signal });
    axis.addEventListener('dblclick', fit, { signal });
    body.addEventListener('scroll', scroll, { passive: true, signal });
    return () => ac.abort();
  }, [rendererRef, bodyRef, axisRef]);
}
