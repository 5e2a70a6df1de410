'use client';

// Says in words what is wrong when the data may be out of date: the server is unreachable, or
// the server cannot reach or read the Kubernetes API (with the missing permission when that is
// the cause), or the cluster's state went back in time and the view is being rebuilt. What
// is worth knowing but not wrong (a rebuild a few minutes ago) is said quietly.

import { Notice } from '../ui/Notice';
import { formatClock } from '../ui/format';
import { useConnection, useServerHealth } from '../data/useLiveScope';

export function HealthBanner() {
  const connection = useConnection();
  const health = useServerHealth();
  if (connection.ended) {
    return (
      <Notice tone="error" title="You can no longer see this">
        <p data-testid="access-ended">{connection.ended}</p>
      </Notice>
    );
  }
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
  if (connection.status === 'live' && health?.notices?.length) {
    return (
      <Notice tone="info" title="Recently" className="py-2">
        <ul className="list-disc pl-5" data-testid="health-notices">{health.notices.map((n) => <li key={n}>{n}</li>)}</ul>
      </Notice>
    );
  }
  return null;
}
