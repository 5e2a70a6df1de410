'use client';

// Running executors of one application over recent minutes, as a tiny line: where the job is
// heading (scaling up, draining, stuck) at a glance.

import { mergeLiveSeries, type Sample } from '../../lib/series/liveSeries';

const W = 120, H = 26;

export function RunningSparkline({ history, live, running, now, windowMs }: { history: readonly Sample<number>[] | undefined; live: readonly Sample<number>[]; running: number; now: number; windowMs: number }) {
  const series = mergeLiveSeries(history, live, now, windowMs, running);
  if (series.length < 2) return <span className="text-xs text-neutral-500">–</span>;
  // A young application's line spans its life, not an empty window.
  const from = Math.max(now - windowMs, Math.min(series[0][0], now - 10_000));
  const span = now - from;
  const max = Math.max(1, ...series.map(([, v]) => v));
  const x = (t: number) => ((t - from) / span) * W;
  const y = (v: number) => H - 2 - (v / max) * (H - 4);
  // Step line: counts hold until the next sample.
  let d = `M${x(series[0][0]).toFixed(1)},${y(series[0][1]).toFixed(1)}`;
  for (let i = 1; i < series.length; i++) d += `H${x(series[i][0]).toFixed(1)}V${y(series[i][1]).toFixed(1)}`;
  const label = `running executors over the last ${Math.round(windowMs / 60_000)} minutes: now ${running}, peak ${max}`;
  return (
    <svg role="img" aria-label={label} width={W} height={H} viewBox={`0 0 ${W} ${H}`} className="overflow-visible">
      <title>{label}</title>
      <path d={d} fill="none" stroke="var(--state-running)" strokeWidth="1.5" />
    </svg>
  );
}
