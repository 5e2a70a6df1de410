'use client';

// The overview's filters: cluster (with several), namespace, state, free text and (where a Spark
// operator runs applications) whether an operator runs them. They live in the URL (see
// useAppQuery), so a filtered view can be bookmarked and shared.

import type { AppQuery } from '../../lib/overview/appQuery';
import type { ExecutorPodState } from '../../lib/spark/podState';
import { EXECUTOR_POD_STATES } from '../../lib/spark/podState';
import { stateFill } from '../state/statePattern';
import { STATE_STYLES } from '../state/stateStyles';
import { cn } from '../ui/cn';

export function AppFilters({ query, namespaces, clusters, operators, onChange }: {
  query: AppQuery;
  namespaces: string[];
  clusters: string[];
  /** Some application is run by a Spark operator: the operator filter is offered. */
  operators?: boolean;
  onChange: (q: AppQuery) => void;
}) {
  const toggleState = (s: ExecutorPodState) => onChange({ ...query, states: query.states.includes(s) ? query.states.filter((x) => x !== s) : [...query.states, s] });
  const active = query.clusters.length + query.namespaces.length + query.states.length + (query.text ? 1 : 0) + (query.operator ? 1 : 0);
  return (
    <div className="flex flex-wrap items-center gap-3" role="search" aria-label="Filter applications">
      <label className="flex items-center gap-2 text-sm">
        <span className="text-neutral-700 dark:text-neutral-300">Search</span>
        <input type="search" value={query.text} onChange={(e) => onChange({ ...query, text: e.target.value })} placeholder={operators ? 'name, app id, driver, node, resource' : 'name, app id, driver, node'}
          className="w-64 rounded border border-neutral-300 bg-white px-2 py-1 text-sm dark:border-neutral-700 dark:bg-neutral-900" />
      </label>
      {clusters.length > 1 && (
        <label className="flex items-center gap-2 text-sm">
          <span className="text-neutral-700 dark:text-neutral-300">Cluster</span>
          <select value={query.clusters[0] ?? ''} onChange={(e) => onChange({ ...query, clusters: e.target.value ? [e.target.value] : [], namespaces: [] })} data-testid="cluster-filter"
            className="rounded border border-neutral-300 bg-white px-2 py-1 text-sm dark:border-neutral-700 dark:bg-neutral-900">
            <option value="">All clusters</option>
            {clusters.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </label>
      )}
      <label className="flex items-center gap-2 text-sm">
        <span className="text-neutral-700 dark:text-neutral-300">Namespace</span>
        <select value={query.namespaces[0] ?? ''} onChange={(e) => onChange({ ...query, namespaces: e.target.value ? [e.target.value] : [] })}
          className="rounded border border-neutral-300 bg-white px-2 py-1 text-sm dark:border-neutral-700 dark:bg-neutral-900">
          <option value="">All namespaces</option>
          {namespaces.map((ns) => <option key={ns} value={ns}>{ns}</option>)}
        </select>
      </label>
      {(operators || query.operator) && (
        <label className="flex items-center gap-2 text-sm">
          <span className="text-neutral-700 dark:text-neutral-300">Operator</span>
          <select value={query.operator ?? ''} onChange={(e) => onChange({ ...query, operator: e.target.value === 'yes' || e.target.value === 'no' ? e.target.value : undefined })} data-testid="operator-filter"
            className="rounded border border-neutral-300 bg-white px-2 py-1 text-sm dark:border-neutral-700 dark:bg-neutral-900">
            <option value="">Any</option>
            <option value="yes">Run by an operator</option>
            <option value="no">Not by an operator</option>
          </select>
        </label>
      )}
      <fieldset className="flex flex-wrap items-center gap-1">
        <legend className="sr-only">Applications with pods in state</legend>
        <span aria-hidden className="mr-1 text-sm text-neutral-700 dark:text-neutral-300">With pods</span>
        {EXECUTOR_POD_STATES.map((s) => {
          const on = query.states.includes(s);
          return (
            <button key={s} type="button" aria-pressed={on} onClick={() => toggleState(s)} title={`Applications whose driver or an executor is ${STATE_STYLES[s].label.toLowerCase()}`}
              className={cn('inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs',
                on ? 'border-neutral-800 bg-neutral-800 text-white dark:border-neutral-200 dark:bg-neutral-200 dark:text-neutral-900' : 'border-neutral-300 hover:bg-neutral-100 dark:border-neutral-700 dark:hover:bg-neutral-800')}>
              <span aria-hidden className="inline-block size-2.5 rounded-sm" style={stateFill(s)} />
              {STATE_STYLES[s].label}
            </button>
          );
        })}
      </fieldset>
      {active > 0 && (
        <button type="button" onClick={() => onChange({ ...query, clusters: [], namespaces: [], states: [], text: '', operator: undefined })} className="text-sm text-[var(--accent)] underline-offset-2 hover:underline">
          Clear filters
        </button>
      )}
    </div>
  );
}
