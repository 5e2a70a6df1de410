'use client';

// Owns the one LiveClient of the page (created on first render, closed on unmount) and
// hands it to the hooks below through context.

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { SOCKET_PATH } from './basePath';
import { LiveClient } from './liveClient';

const LiveClientContext = createContext<LiveClient | null>(null);

export function LiveClientProvider({ children }: { children: ReactNode }) {
  const [client] = useState(() => new LiveClient({ path: SOCKET_PATH }));
  useEffect(() => () => client.close(), [client]);
  return <LiveClientContext.Provider value={client}>{children}</LiveClientContext.Provider>;
}

export function useLiveClient(): LiveClient {
  const client = useContext(LiveClientContext);
  if (!client) throw new Error('useLiveClient needs a LiveClientProvider above it');
  return client;
}
