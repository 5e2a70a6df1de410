'use client';

// Executors per state over time as a stacked area (Recharts), bucketed to a few hundred points
// (a seven-series stacked area costs ~22 ms per update at 300 points, ~200 ms at 3,600). Areas
// carry the same patterns as bars and the timeline, so the chart does not rely on colour.

import { memo } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { bucketSamples, type CountSample } from '../../lib/series/countSeries';
import type { ExecutorPodState } from '../../lib/spark/podState';
import { EXECUTOR_POD_STATES } from '../../lib/spark/podState';
import { STATE_STYLES } from '../state/stateStyles';
import { formatClock } from '../ui/format';

const MAX_POINTS = 300;

function PatternDefs({ idPrefix }: { idPrefix: string }) {
  return (
    <defs>
      {EXECUTOR_POD_STATES.map((s) => {
        const c = `var(${STATE_STYLES[s].cssVar})`;
        const p = STATE_STYLES[s].pattern;
        return (
          <pattern key={s} id={`${idPrefix}-${s}`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform={p === 'hatch' || p === 'cross' ? 'rotate(45)' : undefined}>
            <rect width="6" height="6" fill={p === 'hollow' ? 'transparent' : c} fillOpacity={p === 'hollow' ? 0 : 0.85} />
            {(p === 'hatch' || p === 'cross' || p === 'stripes') && <rect width="2" height="6" fill="white" fillOpacity="0.45" />}
            {p === 'cross' && <rect width="6" height="2" fill="white" fillOpacity="0.45" />}
            {p === 'dots' && <circle cx="3" cy="3" r="1" fill="white" fillOpacity="0.55" />}
            {p === 'zigzag' && <path d="M0 4 L3 1 L6 4" stroke="white" strokeOpacity="0.55" fill="none" />}
            {p === 'hollow' && <path d="M0 0 L6 6" stroke={c} strokeWidth="1.2" />}
          </pattern>
        );
      })}
    </defs>
  );
}

export const StateAreaChart = memo(function StateAreaChart({ samples, from, to, height = 200, idPrefix, states = EXECUTOR_POD_STATES, label }: {
  samples: readonly CountSample[];
  from: number;
  to: number;
  height?: number;
  idPrefix: string;
  states?: readonly ExecutorPodState[];
  label: string;
}) {
  // A series younger than the window starts where its data starts, not in empty space.
  const start = Math.max(from, Math.min(samples[0]?.[0] ?? from, to - 60_000));
  const short = to - start < 10 * 60_000;
  const data = bucketSamples(samples, start, to, MAX_POINTS).map((s) => {
    const point: Record<string, number> = { t: s[0] };
    EXECUTOR_POD_STATES.forEach((state, i) => { point[state] = s[i + 1] ?? 0; });
    return point;
  });
  const present = states.filter((s) => data.some((d) => d[s] > 0));
  return (
    <figure aria-label={label} className="w-full" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -12 }}>
          <PatternDefs idPrefix={idPrefix} />
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.12} />
          <XAxis dataKey="t" type="number" scale="time" domain={[start, to]} tickFormatter={(t: number) => (short ? formatClock(t) : formatClock(t).slice(0, 5))} stroke="currentColor" strokeOpacity={0.5} fontSize={11} minTickGap={40} />
          <YAxis allowDecimals={false} stroke="currentColor" strokeOpacity={0.5} fontSize={11} width={48} />
          <Tooltip isAnimationActive={false} labelFormatter={(t) => formatClock(Number(t))}
            formatter={(v, name) => [Number(v).toLocaleString(), `${STATE_STYLES[name as ExecutorPodState]?.glyph ?? ''} ${STATE_STYLES[name as ExecutorPodState]?.label ?? name}`]}
            contentStyle={{ fontSize: 12, background: 'var(--tooltip-bg, #fff)', color: 'inherit', border: '1px solid rgba(128,128,128,.4)' }} />
          {present.map((s) => (
            <Area key={s} type="stepAfter" dataKey={s} stackId="1" isAnimationActive={false} dot={false}
              stroke={`var(${STATE_STYLES[s].cssVar})`} strokeWidth={1} fill={`url(#${idPrefix}-${s})`} name={s} />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </figure>
  );
});
