'use client';

// A value that follows `value` at most once per `intervalMs` (the latest one wins): for views
// that need not move 20 times a second, such as a chart of counts over minutes.

import { useEffect, useRef, useState } from 'react';

export function useThrottledValue<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const lastAt = useRef(0);
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = lastAt.current + intervalMs - Date.now();
    if (wait <= 0) {
      lastAt.current = Date.now();
      setShown(value);
      return;
    }
    const t = setTimeout(() => { lastAt.current = Date.now(); setShown(latest.current); }, wait);
    return () => clearTimeout(t);
  }, [value, shown, intervalMs]);
  return shown;
}
