'use client';

// Refetches HTTP queries when the server says their data changed for a scope the page is
// subscribed to (topic `volumes`: a claim was bound, executors came or went; topic `why`: an
// event or a log tail arrived): live panels without pushing whole views over the socket on
// every change. Each query is refetched at most once per its topic's interval.

import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import type { InvalidationTopic } from '../../lib/protocol';
import { useLiveClient } from './LiveClientProvider';
import { createRefetchThrottle, type RefetchThrottle } from './refetchThrottle';

export interface InvalidationTarget {
  topic: InvalidationTopic;
  queryKey: QueryKey;
}

/**
 * The least time between two refetches of one query. The server sends at most one invalidation
 * per scope and topic a second; an application's causes and events cost more to send, and a
 * busy application has new events all the time.
 */
const MIN_INTERVAL_MS: Readonly<Record<InvalidationTopic, number>> = { volumes: 1000, why: 3000, operator: 1000 };

/**
 * Subscribes `targets` to the scope's invalidations; returns a function that asks for one
 * query's refetch by hand, through the same throttle (the application's pods changed state).
 */
export function useInvalidation(scope: string, targets: readonly InvalidationTarget[]): (queryKey: QueryKey) => void {
  const client = useLiveClient();
  const queryClient = useQueryClient();
  const throttles = useRef(new Map<string, RefetchThrottle>());
  // Targets are rebuilt each render; what they say is what matters.
  const targetsText = JSON.stringify(targets);
  useEffect(() => {
    const list = JSON.parse(targetsText) as InvalidationTarget[];
    const byKey = new Map<string, RefetchThrottle>();
    const byTopic = new Map<InvalidationTopic, RefetchThrottle[]>();
    for (const { topic, queryKey } of list) {
      const keyText = JSON.stringify(queryKey);
      let throttle = byKey.get(keyText);
      if (!throttle) {
        throttle = createRefetchThrottle(MIN_INTERVAL_MS[topic], () => void queryClient.invalidateQueries({ queryKey }));
        byKey.set(keyText, throttle);
      }
      const of = byTopic.get(topic) ?? [];
      if (!of.includes(throttle)) of.push(throttle);
      byTopic.set(topic, of);
    }
    throttles.current = byKey;
    const unsubscribe = client.onInvalidate((msg) => {
      if (msg.scope === scope) for (const t of byTopic.get(msg.topic) ?? []) t.request();
    });
    return () => {
      unsubscribe();
      for (const t of byKey.values()) t.dispose();
    };
  }, [client, queryClient, scope, targetsText]);
  return useCallback((queryKey: QueryKey) => throttles.current.get(JSON.stringify(queryKey))?.request(), []);
}
