// The operator keeps its own map of executor states; Spark's rules (the dashboard's) may see a
// pod differently, e.g. a pod the operator still calls RUNNING whose Spark container already
// exited. Where they differ, one row per pod; where they agree, one sentence.

import type { ExecutorStateDisagreement } from '../../lib/apiTypes';

export function ExecutorStateDisagreements({ disagreements, mapped }: { disagreements: readonly ExecutorStateDisagreement[]; mapped: number }) {
  if (!disagreements.length) {
    if (!mapped) return null;
    return <p className="text-sm text-neutral-700 dark:text-neutral-300" data-testid="operator-executors-agree">The operator&apos;s executor states agree with Spark&apos;s ({mapped} executor{mapped === 1 ? '' : 's'}).</p>;
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm" data-testid="operator-disagreements">
        <caption className="mb-1 text-left text-xs text-neutral-600 dark:text-neutral-400">Executors the operator and Spark see in different states</caption>
        <thead>
          <tr className="border-b border-neutral-200 text-left text-xs uppercase tracking-wide text-neutral-600 dark:border-neutral-800 dark:text-neutral-400">
            <th scope="col" className="py-1 pr-3 font-medium">Pod</th>
            <th scope="col" className="py-1 pr-3 font-medium">Operator says</th>
            <th scope="col" className="py-1 font-medium">Spark says</th>
          </tr>
        </thead>
        <tbody>
          {disagreements.map((d) => (
            <tr key={d.pod} className="border-b border-neutral-100 dark:border-neutral-800/70">
              <td className="max-w-[16rem] truncate py-1 pr-3 font-mono text-xs" title={d.pod}>{d.pod}</td>
              <td className="py-1 pr-3 font-mono text-xs">{d.operator}</td>
              <td className="py-1 text-xs">{d.ours ?? <span className="text-neutral-500">no such pod seen</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
