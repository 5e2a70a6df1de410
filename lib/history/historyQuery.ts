// History's search as pure data: read from and written to the page's URL (a search can be
// shared), and turned into the JSON API's query.

import { HISTORY_SORTS, HISTORY_STATES } from '../apiRoutes';
import type { HistoryAppsQuery } from '../apiTypes';

export type HistorySearch = HistoryAppsQuery;

export const DEFAULT_HISTORY_SEARCH: HistorySearch = { sort: 'started', dir: 'desc', page: 1, pageSize: 50 };
export const HISTORY_PAGE_SIZES = [25, 50, 100, 200] as const;

const positive = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
/** A time in a URL (History's range, an application page's `?at=`): epoch ms, or an ISO date/time. */
export function parseUrlTime(v: string | null): number | undefined {
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
}

export function parseHistorySearch(params: URLSearchParams): HistorySearch {
  const state = params.get('state');
  const sort = params.get('sort');
  const pageSize = positive(params.get('pageSize'));
  return {
    q: params.get('q')?.slice(0, 200) || undefined,
    cluster: params.get('cluster') || undefined,
    namespace: params.get('ns') || undefined,
    state: (HISTORY_STATES as readonly string[]).includes(state ?? '') ? state as HistorySearch['state'] : undefined,
    from: parseUrlTime(params.get('from')),
    to: parseUrlTime(params.get('to')),
    sort: (HISTORY_SORTS as readonly string[]).includes(sort ?? '') ? sort as HistorySearch['sort'] : DEFAULT_HISTORY_SEARCH.sort,
    dir: params.get('dir') === 'asc' ? 'asc' : 'desc',
    page: Math.max(1, Math.min(100_000, positive(params.get('page')) ?? 1)),
    pageSize: pageSize && pageSize >= 5 && pageSize <= 200 ? pageSize : DEFAULT_HISTORY_SEARCH.pageSize,
  };
}

/** Only what differs from the defaults. */
export function historySearchToParams(s: HistorySearch): URLSearchParams {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.cluster) p.set('cluster', s.cluster);
  if (s.namespace) p.set('ns', s.namespace);
  if (s.state) p.set('state', s.state);
  if (s.from !== undefined) p.set('from', new Date(s.from).toISOString());
  if (s.to !== undefined) p.set('to', new Date(s.to).toISOString());
  if (s.sort !== DEFAULT_HISTORY_SEARCH.sort) p.set('sort', s.sort);
  if (s.dir !== DEFAULT_HISTORY_SEARCH.dir) p.set('dir', s.dir);
  if (s.page !== 1) p.set('page', String(s.page));
  if (s.pageSize !== DEFAULT_HISTORY_SEARCH.pageSize) p.set('pageSize', String(s.pageSize));
  return p;
}

/** The first and last row shown and the number of pages, for "21–40 of 1,234". */
export function pageRange(page: number, pageSize: number, total: number): { first: number; last: number; pages: number } {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  return { first: Math.min(first, total), last: Math.min(total, page * pageSize), pages };
}
