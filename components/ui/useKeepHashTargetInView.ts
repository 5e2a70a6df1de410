'use client';

// A link to a section of a page (`/apps/…#rbac`) lands on that section and keeps it there while
// the page still fills in above it: live rows arrive, panels load and grow. The browser scrolls
// to the anchor once (before the data is there) and its scroll anchoring then keeps some other
// node in place, which lets the section slide out of view. So each time the page changes size,
// the section is brought back to the top, until the reader scrolls, clicks or types: from then on
// where the page stands is theirs. A later change of the hash starts over with its section.

import { useEffect } from 'react';

/** Input by which the reader takes over the scroll position. */
const READER_INPUT = ['wheel', 'touchstart', 'pointerdown', 'keydown'] as const;

function hashTarget(): string | null {
  const hash = window.location.hash.slice(1);
  if (!hash) return null;
  try { return decodeURIComponent(hash); } catch { return hash; }
}

/** Where scrollIntoView puts an element's top: below the scroller's padding and its own margin (the sticky header's room). */
function alignedTop(el: Element): number {
  const padding = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
  const margin = parseFloat(getComputedStyle(el).scrollMarginTop) || 0;
  return padding + margin;
}

export function useKeepHashTargetInView(): void {
  useEffect(() => {
    let release: (() => void) | null = null;
    const follow = () => {
      release?.();
      release = null;
      const id = hashTarget();
      if (!id) return;
      const align = () => {
        const el = document.getElementById(id);
        if (!el) return;
        // Short of the page's end it can reach the top; at the end, scrolling changes nothing.
        if (Math.abs(el.getBoundingClientRect().top - alignedTop(el)) > 1) el.scrollIntoView({ block: 'start' });
      };
      // Layout is done and the browser has anchored its scroll when a resize is reported, and
      // the frame is not painted yet: the section never shows out of place.
      const resized = new ResizeObserver(align);
      resized.observe(document.body);
      const takeOver = () => release?.();
      for (const type of READER_INPUT) window.addEventListener(type, takeOver, { capture: true, passive: true });
      release = () => {
        resized.disconnect();
        for (const type of READER_INPUT) window.removeEventListener(type, takeOver, { capture: true });
        release = null;
      };
      align();
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => {
      window.removeEventListener('hashchange', follow);
      release?.();
    };
  }, []);
}
