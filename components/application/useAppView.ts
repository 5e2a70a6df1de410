'use client';

// What every panel of one application draws from, worked out once for the application page
// and for an embedded panel alike: the live rows through the application's scope, or the
// record when the live view no longer holds it; as they stood at `?at=` when travelling in
// time (recomputed here from the rows); the driver over HTTP; the causes while it is live and
// at present; which pod is selected.

import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AppDriverResponse, AppRecordResponse, AppWhyResponse } from '../../lib/apiTypes';
import { parseUrlTime } from '../../lib/history/historyQuery';
import { rowsAt } from '../../lib/history/timeTravel';
import { appKey, summarizeApp, type AppSummary, type DriverSummary } from '../../lib/snapshot/appSummary';
import type { ExecutorRow } from '../../lib/snapshot/executorRow';
import { appScopeKey } from '../../lib/snapshot/scope';
import type { PodCause } from '../../lib/why/podCause';
import { appDriverQuery, appRecordQuery, appWhyQuery, type AppRef } from '../data/queries';
import { useLiveScope } from '../data/useLiveScope';
import { useNow, useServerClock } from '../live/useNow';

export interface AppView {
  app: AppRef;
  /** The application's live scope key (rooms and invalidations). */
  scopeKey: string;
  /** Live rows, or the record's; as of `at` when travelling in time. Null until known. */
  rows: readonly (ExecutorRow | null)[] | null;
  summary: AppSummary | null;
  /** The summary before time travel: its creation time bounds the cursor. */
  baseSummary: AppSummary | null;
  /** The moment travelled to (`?at=`), or null for the present. */
  at: number | null;
  setAt: (t: number | null) => void;
  /** What the record holds, when the live view no longer holds the application. */
  recorded: AppRecordResponse | null;
  /** The last moment of a recording; null while live. */
  end: number | null;
  /** Spans of a recording nobody watched (longer than 5 s). */
  gaps: readonly (readonly [number, number])[];
  /** The wall clock, ticking once a second. */
  now: number;
  /** The moment shown: `at`, the end of a recording, or now. */
  shownNow: number;
  /** The moment shown, read on demand (the timeline's live edge each frame). */
  clock: () => number;
  /** Whether the live view holds any of the application's pods. */
  live: boolean;
  /** Neither the live view nor the record knows the application. */
  notFound: boolean;
  driver: UseQueryResult<AppDriverResponse>;
  /** Why pods are not running: for a live application at present only (causes belong to now). */
  why: AppWhyResponse | null;
  causeOf: ((uid: string) => PodCause | null) | undefined;
  selectedUid: string | null;
  select: (uid: string | null) => void;
  /** Shown chrome-less in a portal's iframe. */
  embedded: boolean;
}

const driverKeyOf = (d: DriverSummary | null | undefined) => (d ? `${d.uid}:${d.state}:${d.since}:${d.deleting}` : '');

export function useAppView(ref: AppRef, { embedded, wantsWhy }: { embedded: boolean; wantsWhy: boolean }): AppView {
  const { cluster, namespace, appId } = ref;
  const scope = useMemo(() => ({ kind: 'app' as const, cluster, namespace, appId }), [cluster, namespace, appId]);
  const app: AppRef = scope;
  const state = useLiveScope(scope);
  const driver = useQuery(appDriverQuery(app));
  const queryClient = useQueryClient();
  const now = useNow();
  const serverClock = useServerClock();
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const at = parseUrlTime(searchParams.get('at')) ?? null;
  const setAt = useCallback((t: number | null) => {
    const next = new URLSearchParams(searchParams.toString());
    if (t === null) next.delete('at'); else next.set('at', new Date(t).toISOString());
    const q = next.toString();
    router.replace(q ? `${pathname}?${q}` : pathname, { scroll: false });
  }, [searchParams, router, pathname]);
  const [selectedUid, select] = useState<string | null>(null);

  // Live while the scope has rows; an empty scope may be an application only the record holds.
  const liveRows = state?.rows ?? null;
  const live = !!liveRows?.some(Boolean);
  const liveEmpty = !!state && !live;
  const record = useQuery({ ...appRecordQuery(app), enabled: liveEmpty });
  const recorded = liveEmpty && record.data?.source === 'history' ? record.data : null;
  const baseRows = recorded ? recorded.rows : liveRows;
  const baseSummary = recorded ? recorded.summary : state?.apps[appKey(cluster, namespace, appId)] ?? driver.data?.summary ?? null;
  // A recording ends with its last change; a live application at the server's now.
  const end = useMemo(() => (recorded ? recorded.rows.reduce((t, r) => Math.max(t, r.since), baseSummary?.lastChangeAt ?? 0) : null), [recorded, baseSummary]);
  const rows = useMemo(() => (at !== null && baseRows ? rowsAt(baseRows, at) : baseRows), [baseRows, at]);
  const summary = useMemo(() => (at !== null && rows ? summarizeApp({ cluster, namespace, appId, appName: baseSummary?.appName ?? null }, rows) : baseSummary),
    [at, rows, baseSummary, cluster, namespace, appId]);
  const clock = useMemo(() => (at !== null ? () => at : end !== null ? () => end : serverClock), [at, end, serverClock]);
  const gaps = useMemo(() => (recorded?.observed ?? []).slice(1).map((p, i) => [recorded!.observed[i][1], p[0]] as const).filter(([a, b]) => b - a > 5000), [recorded]);

  // Causes belong to now: not for a recorded application, nor while travelling in time.
  const whyQuery = useQuery({ ...appWhyQuery(app), enabled: wantsWhy && live && at === null });
  const why = wantsWhy && at === null && !recorded ? whyQuery.data ?? null : null;
  const causeOf = useCallback((uid: string) => {
    const i = why?.pods[uid];
    return i === undefined ? null : why!.causes[i] ?? null;
  }, [why]);

  // The driver log and views come over HTTP: fetch them again when the live driver differs
  // from the one the last answer described (not merely because the first live summary came).
  const driverKey = driverKeyOf(summary?.driver);
  const fetchedKey = driverKeyOf(driver.data?.summary?.driver);
  const refetching = driver.isFetching;
  useEffect(() => {
    if (driverKey && fetchedKey && driverKey !== fetchedKey && !refetching) void queryClient.invalidateQueries({ queryKey: appDriverQuery(app).queryKey });
  }, [driverKey, fetchedKey, refetching, app, queryClient]);

  const notFound = liveEmpty && !recorded && (driver.error as { status?: number } | null)?.status === 404;

  return {
    app, scopeKey: appScopeKey(cluster, namespace, appId), rows, summary, baseSummary, at, setAt, recorded, end, gaps,
    now, shownNow: at ?? end ?? now, clock, live, notFound, driver, why, causeOf: why ? causeOf : undefined,
    selectedUid, select, embedded,
  };
}
