'use client';

// The overview's filters, read from and written to the URL (replace, not push: typing in the
// search box should not fill the history).

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { appQueryToParams, parseAppQuery, type AppQuery } from '../../lib/overview/appQuery';

export function useAppQuery(): [AppQuery, (q: AppQuery) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = useMemo(() => parseAppQuery(new URLSearchParams(params.toString())), [params]);
  const set = useCallback((q: AppQuery) => {
    const s = appQueryToParams(q).toString();
    router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false });
  }, [router, pathname]);
  return [query, set];
}
