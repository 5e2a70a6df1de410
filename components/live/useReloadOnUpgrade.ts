'use client';

// Unattended screens (walls, embedded panels) reload themselves when the server they talk to
// was upgraded: the build id in the server's hello changes. A restart of the same build does
// not reload anything. A kiosk token goes back into the address for the reload.

import { useEffect } from 'react';
import { reloadKeepingToken } from '../data/kioskToken';
import { useLiveClient } from '../data/LiveClientProvider';

export function useReloadOnUpgrade(reload: () => void = reloadKeepingToken): void {
  const client = useLiveClient();
  useEffect(() => {
    let first: string | null = client.getHello()?.buildId ?? null;
    return client.onHello((hello) => {
      if (first === null) { first = hello.buildId; return; }
      if (hello.buildId !== first) reload();
    });
  }, [client, reload]);
}
