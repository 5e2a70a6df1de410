'use client';

// The one hook that owns a socket subscription: it subscribes the LiveClient to a scope and
// writes every new ScopeState into the React Query cache (liveScopeQuery), where components
// read it.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import type { Scope } from '../../lib/snapshot/scope';
import { scopeKey } from '../../lib/snapshot/scope';
import type { ScopeState } from '../../lib/snapshot/scopeState';
import type { ConnectionState } from './liveClient';
import { useLiveClient } from './LiveClientProvider';
import { liveScopeQuery } from './queries';

export function useLiveScope(scope: Scope | null): ScopeState | null {
  const client = useLiveClient();
  const queryClient = useQueryClient();
  const key = scope ? scopeKey(scope) : null;
  useEffect(() => {
    if (!scope || !key) return;
    // Written at once: React Query already batches the notifications of one task, and an
    // extra frame of coalescing here would add up to 16 ms to every update on screen.
    const unsubscribe = client.subscribe(scope, (state) => queryClient.setQueryData(liveScopeQuery(key).queryKey, state));
    return unsubscribe;
    // The scope object may be re-created each render; its key is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, queryClient, key]);
  const { data } = useQuery({ ...liveScopeQuery(key ?? 'none'), enabled: false });
  return key ? data ?? null : null;
}

const serverConnection: ConnectionState = { status: 'connecting', staleSince: null, lastMessageAt: null, error: null, clockOffsetMs: 0 };

export function useConnection(): ConnectionState {
  const client = useLiveClient();
  return useSyncExternalStore((cb) => client.onConnectionChange(cb), () => client.getConnection(), () => serverConnection);
}

export function useServerHealth() {
  const client = useLiveClient();
  return useSyncExternalStore((cb) => client.onConnectionChange(cb), () => client.getHealth(), () => null);
}
