'use client';

// Renders its children once they come near the viewport, then keeps them: panels that fetch
// heavy views (volumes of 10,000 executors) cost nothing until someone scrolls to them.

import { useEffect, useRef, useState, type ReactNode } from 'react';

export function WhenVisible({ children, placeholder, id }: { children: ReactNode; placeholder: ReactNode; id?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (shown || !ref.current) return;
    if (typeof IntersectionObserver === 'undefined' || (id && window.location.hash === `#${id}`)) { setShown(true); return; }
    const io = new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) setShown(true); }, { rootMargin: '300px' });
    io.observe(ref.current);
    const onHash = () => { if (id && window.location.hash === `#${id}`) setShown(true); };
    window.addEventListener('hashchange', onHash);
    return () => { io.disconnect(); window.removeEventListener('hashchange', onHash); };
  }, [shown, id]);
  return <div ref={ref}>{shown ? children : placeholder}</div>;
}
