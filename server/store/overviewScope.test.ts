import { describe, expect, it } from 'vitest';
import { emptyCounts, type AppSummary } from '../../lib/snapshot/appSummary';
import { mulberry32 } from '../../lib/random/mulberry32';
import { applyDiff, diffScopeStates, type ScopeDiff, type ScopeState } from '../../lib/snapshot/scopeState';
import { ManualScheduler } from '../scheduling/manualScheduler';
import { OverviewScope } from './overviewScope';

function summary(i: number, running: number, name: string | null): AppSummary {
  const counts = emptyCounts();
  counts.running = running;
  return {
    key: `c/ns/app-${i}`, cluster: 'c', namespace: 'ns', appId: `app-${i}`, appName: name, driver: null, counts, executors: running,
    unregistered: 0, inactive: 0, anomalies: 0, createdAt: 1, lastChangeAt: 1, oldestPendingSince: null, present: running + 1,
  };
}

describe('OverviewScope', () => {
  it('publishes, over a seeded run, exactly the diffs and state that recomputing from a full copy gives', () => {
    const rnd = mulberry32(8);
    const scheduler = new ManualScheduler(1_000_000);
    const overview = new OverviewScope(scheduler, 16);
    const diffs: ScopeDiff[] = [];
    overview.subscribe((ds) => diffs.push(...ds));
    // The reference: the whole next state built, then compared with the last.
    let reference: ScopeState = overview.scopeState();
    const referenceDiffs: ScopeDiff[] = [];
    for (let step = 0; step < 2000; step++) {
      scheduler.advance(250);
      // Summaries as the feed hands them: new objects, often with the same content.
      const upserts = Array.from({ length: Math.floor(rnd() * 6) }, () => {
        const i = Math.floor(rnd() * 40);
        return summary(i, Math.floor(rnd() * 3), rnd() < 0.9 ? `job-${i}` : null);
      });
      const removals = Array.from({ length: rnd() < 0.2 ? 1 : 0 }, () => `c/ns/app-${Math.floor(rnd() * 40)}`);
      overview.updateCluster('c', upserts, removals);

      if (!upserts.length && !removals.length) continue;
      const apps: Record<string, AppSummary> = { ...reference.apps };
      for (const key of removals) delete apps[key];
      for (const s of upserts) apps[s.key] = s;
      const d = diffScopeStates(reference, { rows: [], apps, at: scheduler.now() }, { slots: [], apps: [...removals, ...upserts.map((s) => s.key)] });
      if (!d.apps && !d.removedApps) continue;
      referenceDiffs.push(d);
      reference = applyDiff(reference, d);
    }
    const byKey = (d: ScopeDiff) => ({ seq: d.seq, at: d.at, apps: [...(d.apps ?? [])].sort((a, b) => a.key.localeCompare(b.key)), removedApps: [...(d.removedApps ?? [])].sort() });
    expect(diffs.map(byKey)).toEqual(referenceDiffs.map(byKey));
    expect(overview.scopeState().apps).toEqual(reference.apps);
    expect(diffs.length).toBeGreaterThan(500);
  });
});
