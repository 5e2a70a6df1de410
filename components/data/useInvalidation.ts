'use client';

// Refetches an HTTP query when the server says its data changed for a scope the page is
// subscribed to (a claim was bound, executors came or went): live panels without pushing
// whole volume or RBAC views over the socket on every change.

import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { InvalidationTopic } from '../../lib/protocol';
import { useLiveClient } from './LiveClientProvider';

export function useInvalidation(scope: string, topic: InvalidationTopic, queryKey: QueryKey): void {
  const client = useLiveClient();
  const queryClient = useQueryClient();
  const keyText = JSON.stringify(queryKey);
  useEffect(() => client.onInvalidate((msg) => {
    if (msg.scope === scope && msg.topic === topic) void queryClient.invalidateQueries({ queryKey: JSON.parse(keyText) as QueryKey });
  }), [client, queryClient, scope, topic, keyText]);
}
