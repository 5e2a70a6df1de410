'use client';

// Where the application's data lives: findings first, then the volumes of the driver and of
// the executors (grouped, with the Spark settings that produce them), then its claims. Live:
// a claim change or executors coming and going refetch the panel (its topic, `volumes`, in the
// application's panel registry).

import { useQuery } from '@tanstack/react-query';
import type { AppVolumesResponse } from '../../lib/apiTypes';
import { appVolumesQuery, type AppRef } from '../data/queries';
import { FindingList } from '../ui/FindingList';
import { MissingAccessList } from '../ui/MissingAccessList';
import { Notice } from '../ui/Notice';
import { Skeleton } from '../ui/Skeleton';
import { ClaimsTable } from './ClaimsTable';
import { VolumeGroupRow } from './VolumeGroupRow';

function RoleVolumes({ data, role }: { data: AppVolumesResponse; role: 'driver' | 'executor' }) {
  const groups = data.groups.filter((g) => g.group.role === role);
  const user = groups.filter((g) => g.group.origin === 'user');
  const own = groups.filter((g) => g.group.origin !== 'user');
  return (
    <section aria-label={role === 'driver' ? 'Driver volumes' : 'Executor volumes'}>
      <h3 className="mb-2 text-sm font-semibold">{role === 'driver' ? 'Driver' : 'Executors'}</h3>
      {user.length ? <ul className="space-y-2">{user.map((g) => <VolumeGroupRow key={g.group.key} item={g} />)}</ul>
        : <p className="text-sm text-neutral-600 dark:text-neutral-400">No volumes of your own{groups.length ? '; only those Spark adds.' : '.'}</p>}
      {own.length > 0 && (
        <details className="mt-2">
          <summary className="cursor-pointer text-xs text-neutral-700 dark:text-neutral-300">Volumes Spark and Kubernetes add ({own.length})</summary>
          <ul className="mt-2 space-y-2">{own.map((g) => <VolumeGroupRow key={g.group.key} item={g} />)}</ul>
        </details>
      )}
    </section>
  );
}

/** With `enabled` false it reads nothing yet and shows its loading state. */
export function VolumesPanelBody({ app, enabled }: { app: AppRef; enabled: boolean }) {
  const { data, error, isPending } = useQuery({ ...appVolumesQuery(app), enabled });
  if (isPending) return <Skeleton className="h-40 w-full" />;
  if (error || !data) return <Notice tone="error" title="Could not load the volumes">{(error as Error | null)?.message}</Notice>;
  return (
    <div className="space-y-4" data-testid="volumes-panel">
      <MissingAccessList items={data.missingAccess} />
      <FindingList findings={data.findings} />
      <div className="grid gap-4 lg:grid-cols-2">
        <RoleVolumes data={data} role="driver" />
        <RoleVolumes data={data} role="executor" />
      </div>
      <section aria-label="Persistent volume claims">
        <h3 className="mb-2 text-sm font-semibold">Persistent volume claims</h3>
        <ClaimsTable claims={data.claims} prefix={data.prefix} />
      </section>
    </div>
  );
}
