'use client';

// Keeps what the shown panels read fresh, from their declarations: each query is refetched
// when the server invalidates its panel's topic for the application, and the causes also once
// its pods change state (a pod that starts running no longer needs a cause; one that fails
// gains one). Throttled per query, so a 10,000-executor application whose pods change state
// every few milliseconds refetches them every few seconds at most.

import { useEffect, useMemo, useRef } from 'react';
import { EXECUTOR_POD_STATES } from '../../lib/spark/podState';
import { useInvalidation, type InvalidationTarget } from '../data/useInvalidation';
import type { AppPanelDef } from './appPanelRegistry';
import type { AppView } from './useAppView';

export function usePanelRefresh(view: AppView, panels: readonly AppPanelDef[]): void {
  const { app, summary } = view;
  const targets = useMemo(() => panels.flatMap((p) => (p.topic ? p.reads.map((q): InvalidationTarget => ({ topic: p.topic!, queryKey: q(app).queryKey })) : [])), [panels, app]);
  const request = useInvalidation(view.scopeKey, targets);
  const onStateChange = useMemo(() => panels.filter((p) => p.refetchOnStateChange && p.topic).flatMap((p) => p.reads.map((q) => q(app).queryKey)), [panels, app]);

  // The live summary moves with every state change (its last change, its counts): a signature
  // of it costs nothing per diff, however many executors the application has.
  const signature = summary && view.at === null ? `${summary.lastChangeAt}|${EXECUTOR_POD_STATES.map((s) => summary.counts[s]).join(',')}` : '';
  const previous = useRef(signature);
  useEffect(() => {
    if (signature === previous.current) return;
    const first = previous.current === '';
    previous.current = signature;
    // The first summary is not a change: the queries were just fetched with it.
    if (!first && signature) for (const key of onStateChange) request(key);
  }, [signature, onStateChange, request]);
}
