'use client';

// The one hook that owns a socket subscription: it subscribes the LiveClient to a scope and
// writes every new ScopeState into the React Query cache (liveScopeQuery), where components
// read it. Diffs are coalesced to one cache write per animation frame, so a burst of diffs
// costs one render.

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
    let frame: number | null = null;
    let latest: ScopeState | null = null;
    const write = () => {
      frame = null;
      if (latest) queryClient.setQueryData(liveScopeQuery(key).queryKey, latest);
    };
    const unsubscribe = client.subscribe(scope, (state) => {
      latest = state;
      if (frame === null) frame = typeof requestAnimationFrame === 'function' && !document.hidden ? requestAnimationFrame(write) : (setTimeout(write, 100) as unknown as number);
    });
    return () => {
      if (frame !== null) { cancelAnimationFrame(frame); clearTimeout(frame); }
      unsubscribe();
    };
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
