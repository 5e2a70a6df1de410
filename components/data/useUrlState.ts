'use client';

// State that lives in the page's URL (filters, sorts, a search), so a view can be bookmarked
// and shared: parsed from the query string, written back with replace, not push (typing in a
// search box should not fill the browser's history).

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

export function useUrlState<T>(parse: (params: URLSearchParams) => T, toParams: (value: T) => URLSearchParams): [T, (value: T) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  // `parse` and `toParams` are module-level functions: their identity never changes.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const value = useMemo(() => parse(new URLSearchParams(params.toString())), [params]);
  const set = useCallback((next: T) => {
    const s = toParams(next).toString();
    router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [router, pathname]);
  return [value, set];
}
