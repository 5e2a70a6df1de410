'use client';

// History's search, read from and written to the URL (replace: typing should not fill the browser's history).

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { historySearchToParams, parseHistorySearch, type HistorySearch } from '../../lib/history/historyQuery';

export function useHistorySearch(): [HistorySearch, (s: HistorySearch) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const search = useMemo(() => parseHistorySearch(new URLSearchParams(params.toString())), [params]);
  const set = useCallback((s: HistorySearch) => {
    const q = historySearchToParams(s).toString();
    router.replace(q ? `${pathname}?${q}` : pathname, { scroll: false });
  }, [router, pathname]);
  return [search, set];
}
