'use client';

// History's search, in the URL.

import { historySearchToParams, parseHistorySearch, type HistorySearch } from '../../lib/history/historyQuery';
import { useUrlState } from '../data/useUrlState';

export function useHistorySearch(): [HistorySearch, (s: HistorySearch) => void] {
  return useUrlState(parseHistorySearch, historySearchToParams);
}
