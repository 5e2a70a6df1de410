'use client';

// Says in words what is wrong when the data may be out of date: the server is unreachable, or
// the server cannot reach or read the Kubernetes API (with the missing permission when that is
// the cause).

import { Notice } from '../ui/Notice';
import { formatClock } from '../ui/format';
import { useConnection, useServerHealth } from '../data/useLiveScope';

export function HealthBanner() {
  const connection = useConnection();
  const health = useServerHealth();
  if (connection.status === 'reconnecting') {
    return (
      <Notice tone="error" title="The dashboard server is unreachable; reconnecting">
        <p>Showing the last data received{connection.staleSince ? `, as of ${formatClock(connection.staleSince)}` : ''}. It will update by itself when the server is back.</p>
      </Notice>
    );
  }
  if (connection.status === 'live' && health?.stale && health.problems.length) {
    return (
      <Notice tone="warning" title={`Data may be out of date${connection.staleSince ? ` (since ${formatClock(connection.staleSince)})` : ''}`}>
        <ul className="list-disc pl-5">{health.problems.map((p) => <li key={p}>{p}</li>)}</ul>
      </Notice>
    );
  }
  return null;
}
