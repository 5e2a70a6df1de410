'use client';

// Whether an element has come near the viewport yet, or the URL's hash links to it; once true it
// stays true. A heavy view reads and draws nothing until then, while the element itself (its
// frame and anchor) is there from the start: swapping a stand-in for the real thing would
// remount it, and a link to the anchor would land on a node about to be replaced.

import { useEffect, useState, type RefObject } from 'react';

/** How far outside the viewport an element counts as near: it is ready by the time it scrolls in. */
const NEAR = '300px';

/** With `enabled` false the answer is true from the start (nothing is deferred). */
export function useNearViewport(ref: RefObject<Element | null>, anchorId: string, enabled = true): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!enabled || near || !el) return;
    const linked = () => window.location.hash === `#${anchorId}`;
    if (typeof IntersectionObserver === 'undefined' || linked()) { setNear(true); return; }
    const io = new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) setNear(true); }, { rootMargin: NEAR });
    io.observe(el);
    const onHash = () => { if (linked()) setNear(true); };
    window.addEventListener('hashchange', onHash);
    return () => { io.disconnect(); window.removeEventListener('hashchange', onHash); };
  }, [ref, anchorId, enabled, near]);
  return !enabled || near;
}
