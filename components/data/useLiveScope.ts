'use client';

// The hooks components read live state with. The LiveClient is the one owner of live data
// (socket, scopes, seq gaps, resyncs); these read it with useSyncExternalStore, so there is no
// second copy of it anywhere (React Query keeps only what comes over HTTP).

import { useCallback, useSyncExternalStore } from 'react';
import type { Scope } from '../../lib/snapshot/scope';
import { scopeKey } from '../../lib/snapshot/scope';
import type { ScopeState } from '../../lib/snapshot/scopeState';
import type { ConnectionState } from './liveClient';
import { useLiveClient } from './LiveClientProvider';

const none = () => null;
const noSubscription = () => () => {};

/** The latest state of a scope (null until its first snapshot), subscribed while mounted. */
export function useLiveScope(scope: Scope | null): ScopeState | null {
  const client = useLiveClient();
  const key = scope ? scopeKey(scope) : null;
  // The scope object may be re-created each render; its key is what matters.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const subscribe = useCallback((onChange: () => void) => (scope ? client.subscribe(scope, onChange) : () => {}), [client, key]);
  const read = useCallback(() => (key ? client.scopeState(key) : null), [client, key]);
  return useSyncExternalStore(key ? subscribe : noSubscription, read, none);
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
