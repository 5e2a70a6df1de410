'use client';

// Owns the one LiveClient of the page (created on first render, closed on unmount) and
// hands it to the hooks below through context. A wall's or panel's kiosk token goes with it.

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { SOCKET_PATH } from './basePath';
import { forgetTokenInAddress, kioskToken } from './kioskToken';
import { LiveClient } from './liveClient';

const LiveClientContext = createContext<LiveClient | null>(null);

export function LiveClientProvider({ children }: { children: ReactNode }) {
  const [client] = useState(() => new LiveClient({ path: SOCKET_PATH, token: kioskToken() ?? undefined }));
  useEffect(() => () => client.close(), [client]);
  // After Next has set up its history entry: the token leaves the address bar, kept in memory.
  useEffect(() => forgetTokenInAddress(), []);
  return <LiveClientContext.Provider value={client}>{children}</LiveClientContext.Provider>;
}

export function useLiveClient(): LiveClient {
  const client = useContext(LiveClientContext);
  if (!client) throw new Error('useLiveClient needs a LiveClientProvider above it');
  return client;
}
