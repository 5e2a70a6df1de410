'use client';

// The overview table as an embeddable panel: the same filters as the overview (from the URL:
// ns, state, q, sort, dir), no controls, links open the full dashboard in a new tab.

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { filterApps, sortApps } from '../../lib/overview/appQuery';
import { appsQuery } from '../data/queries';
import { useOverviewApps } from '../data/useOverviewApps';
import { useNow } from '../live/useNow';
import { AppTable } from '../overview/AppTable';
import { useAppQuery } from '../overview/useAppQuery';
import { useRunningSeries } from '../overview/useRunningSeries';
import { Notice } from '../ui/Notice';
import { EmbedFrame } from './EmbedFrame';

const SPARK_WINDOW_MS = 15 * 60_000;

export function EmbedOverview() {
  const apps = useOverviewApps();
  const http = useQuery(appsQuery());
  const now = useNow();
  const series = useRunningSeries(apps, SPARK_WINDOW_MS);
  const [query, setQuery] = useAppQuery();
  const shown = useMemo(() => (apps ? sortApps(filterApps(apps, query), query.sort, query.dir) : []), [apps, query]);
  return (
    <EmbedFrame panel="overview" title="Spark applications">
      {!apps && <p className="text-sm text-neutral-600 dark:text-neutral-400">Loading…</p>}
      {apps && shown.length === 0 && <Notice title="No Spark applications found" />}
      {shown.length > 0 && (
        <AppTable apps={shown} sort={query.sort} dir={query.dir} now={now} running={http.data?.running} series={series} sparkWindowMs={SPARK_WINDOW_MS} linkTarget="_blank" showCluster={new Set(apps?.map((a) => a.cluster)).size > 1}
          onSort={(key) => setQuery({ ...query, sort: key, dir: query.sort === key && query.dir === 'asc' ? 'desc' : 'asc' })} />
      )}
    </EmbedFrame>
  );
}
