'use client';

// Every application of the overview as one array, the same array until an application
// changes: live through the overview scope, else what the JSON API answered, else null.
// Pages re-render every second (useNow); a stable array keeps their memos (filters, sorts,
// the cluster summary) from recomputing on every tick.

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { AppSummary } from '../../lib/snapshot/appSummary';
import { appsQuery } from './queries';
import { useLiveScope } from './useLiveScope';

const OVERVIEW_SCOPE = { kind: 'overview' } as const;

export function useOverviewApps(): AppSummary[] | null {
  const overview = useLiveScope(OVERVIEW_SCOPE);
  // Fetches only while the socket has no overview yet; a page that also needs the HTTP
  // answer's other fields (running history, errors) holds its own enabled appsQuery.
  const http = useQuery({ ...appsQuery(), enabled: !overview });
  const live = overview?.apps;
  const fetched = http.data?.apps;
  return useMemo(() => (live ? Object.values(live) : fetched ?? null), [live, fetched]);
}
