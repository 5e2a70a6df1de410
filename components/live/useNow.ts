'use client';

// A clock for rendering ages and live edges: ticks at `intervalMs`, corrected by the server's
// clock offset so "age" means the same on the server and in a browser with a skewed clock.

import { useCallback, useEffect, useState } from 'react';
import { useConnection } from '../data/useLiveScope';

export function useNow(intervalMs = 1000): number {
  const { clockOffsetMs } = useConnection();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now + clockOffsetMs;
}

/** The server's time on demand (for drawing a live edge each frame), with the same correction. */
export function useServerClock(): () => number {
  const { clockOffsetMs } = useConnection();
  return useCallback(() => Date.now() + clockOffsetMs, [clockOffsetMs]);
}
