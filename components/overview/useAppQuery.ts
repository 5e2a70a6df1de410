'use client';

// The overview's filters, in the URL.

import { appQueryToParams, parseAppQuery, type AppQuery } from '../../lib/overview/appQuery';
import { useUrlState } from '../data/useUrlState';

export function useAppQuery(): [AppQuery, (q: AppQuery) => void] {
  return useUrlState(parseAppQuery, appQueryToParams);
}
