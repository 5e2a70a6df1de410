'use client';

// The wall display: a grid of applications (failed and stuck ones stand out), then each
// application's timeline in turn, at a set interval; a clock, the age of the last update and
// the connection state always visible. Runs unattended for weeks: it recovers from restarts
// by itself, reloads when the server is upgraded, and holds one application scope at a time.

import { useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { operatorNameOf } from '../../lib/operator/operatorApp';
import { attentionOf, byAttention, isCleanedUp } from '../../lib/overview/attention';
import type { AppSummary } from '../../lib/snapshot/appSummary';
import { useQuery } from '@tanstack/react-query';
import { causeLine } from '../../lib/why/causeLine';
import { whySummaryQuery } from '../data/queries';
import { useOverviewApps } from '../data/useOverviewApps';
import { useNow } from '../live/useNow';
import { useReloadOnUpgrade } from '../live/useReloadOnUpgrade';
import { cn } from '../ui/cn';
import { WallAppView } from './WallAppView';
import { WallClock } from './WallClock';
import { parseWallParams, type WallParams } from './wallParams';
import { WallTile } from './WallTile';

const MAX_ROTATED_APPS = 12;

/** How many tiles fit one screen, from the viewport and the wall's rem (1vw, at least 16 px). */
function useTilesPerPage(density: 'comfortable' | 'compact'): number {
  const measure = () => {
    if (typeof window === 'undefined') return 12;
    const rem = Math.max(16, window.innerWidth / 100);
    // Tile sizes include the 1rem gap; the header and rotation bar take about 11rem.
    const [tileW, tileH] = density === 'compact' ? [17 * rem, 10.5 * rem] : [21 * rem, 13 * rem];
    const cols = Math.max(1, Math.floor((window.innerWidth - 4 * rem) / tileW));
    const rows = Math.max(1, Math.floor((window.innerHeight - 11 * rem) / tileH));
    return cols * rows;
  };
  const [n, setN] = useState(measure);
  useEffect(() => {
    const onResize = () => setN(measure());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
    // measure only reads the window and the density.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [density]);
  return n;
}

/** " in prod-eu, spark-etl": the clusters and namespaces the wall is limited to. */
function where(p: WallParams): string {
  const parts = [...p.clusters, ...p.namespaces];
  return parts.length ? ` in ${parts.join(', ')}` : '';
}

export function WallPage() {
  const search = useSearchParams();
  const params = useMemo(() => parseWallParams(new URLSearchParams(search.toString())), [search]);
  useReloadOnUpgrade();
  useEffect(() => {
    const html = document.documentElement;
    html.classList.add('wall');
    html.classList.toggle('dark', params.theme === 'dark');
    return () => html.classList.remove('wall');
  }, [params.theme]);

  const all = useOverviewApps();
  const whySummary = useQuery(whySummaryQuery());
  const now = useNow();
  const apps: AppSummary[] = useMemo(() => {
    const needle = params.app.toLowerCase();
    return (all ?? []).filter((a) => !isCleanedUp(a, now) && (params.clusters.length === 0 || params.clusters.includes(a.cluster))
      && (params.namespaces.length === 0 || params.namespaces.includes(a.namespace))
      && (!needle || (a.appName ?? a.appId).toLowerCase().includes(needle) || a.appId.toLowerCase().includes(needle)));
  // `now` moves every second; the filter only changes its answer minutes later.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [all, params, Math.floor(now / 60_000)]);
  const ordered = useMemo(() => byAttention(apps, now), [apps, now]);
  // An operator application without pods has no timeline to rotate to: its tile says it all.
  const rotation = useMemo(() => ordered.filter((a) => operatorNameOf(a.appId) === null).slice(0, MAX_ROTATED_APPS).map((a) => a.key), [ordered]);

  const perPage = useTilesPerPage(params.density);
  const pages = Math.max(1, Math.ceil(ordered.length / perPage));
  const [step, setStep] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setStep((s) => s + 1), params.intervalMs);
    return () => clearInterval(id);
  }, [params.intervalMs]);
  // Every page of the grid, then each application in turn.
  const views = [...Array.from({ length: pages }, (_, i) => `grid:${i}`), ...rotation];
  const view = views[step % views.length];
  const gridPage = view.startsWith('grid:') ? Number(view.slice(5)) : null;
  const shownApp = gridPage !== null ? null : apps.find((a) => a.key === view) ?? null;
  const failed = apps.filter((a) => attentionOf(a, now) === 'failed').length;
  const stuck = apps.filter((a) => attentionOf(a, now) === 'stuck-pending').length;

  return (
    <div data-testid="wall" data-view={shownApp ? 'app' : 'grid'} data-step={step} data-pages={pages} className="flex min-h-screen flex-col gap-6 bg-neutral-100 p-8 text-neutral-900 dark:bg-black dark:text-neutral-50">
      <header className="flex flex-wrap items-center justify-between gap-6">
        <div>
          <h1 className="text-3xl font-bold tracking-tight">Spark applications</h1>
          <p className="text-xl text-neutral-600 dark:text-neutral-400">
            {apps.length} application{apps.length === 1 ? '' : 's'}{where(params)}
            {failed > 0 && <span className="ml-3 font-bold text-[var(--state-failed)]">✕ {failed} failed</span>}
            {stuck > 0 && <span className="ml-3 font-bold text-[var(--state-pending)]">◷ {stuck} stuck pending</span>}
          </p>
        </div>
        <WallClock now={now} />
      </header>
      <nav aria-label="Rotation" className="flex gap-2">
        {views.map((v, i) => <span key={v} aria-current={v === view ? 'true' : undefined} className={cn('h-2 flex-1 rounded-full', v === view ? 'bg-[var(--accent)]' : 'bg-neutral-300 dark:bg-neutral-800', i === 0 && 'max-w-24')} />)}
      </nav>
      {shownApp ? (
        <WallAppView app={shownApp} attention={attentionOf(shownApp, now)} height={typeof window === 'undefined' ? 600 : Math.max(300, window.innerHeight - 360)} />
      ) : (
        <section aria-label="Applications" className={cn('grid gap-4', params.density === 'compact' ? 'grid-cols-[repeat(auto-fill,minmax(16rem,1fr))]' : 'grid-cols-[repeat(auto-fill,minmax(20rem,1fr))]')}>
          {ordered.slice((gridPage ?? 0) * perPage, ((gridPage ?? 0) + 1) * perPage).map((a) => <WallTile key={a.key} app={a} attention={attentionOf(a, now)} now={now} compact={params.density === 'compact'} why={whySummary.data?.apps[a.key] ? causeLine(whySummary.data.apps[a.key]) : undefined} />)}
          {ordered.length === 0 && <p className="text-3xl text-neutral-500">No Spark applications{where(params)}.</p>}
        </section>
      )}
    </div>
  );
}
