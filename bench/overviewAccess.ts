// What filtering the overview per person costs (--auth proxy or oidc): the overview diff is
// filtered once per distinct set of readable namespaces, not once per connection. Prints the
// time per published diff for 500 viewers in 1, 20 and 500 distinct sets, beside the
// unfiltered case (--auth none: no filtering at all). Asserts nothing.

import type { AppSummary } from '../lib/snapshot/appSummary';
import type { ScopeDiff } from '../lib/snapshot/scopeState';
import { filterOverviewDiff, readableSignature, type ReadableNamespaces } from '../lib/access/readableNamespaces';

const NAMESPACES = 40, CLUSTERS = 3, APPS = 3000, CHANGED = 100, VIEWERS = 500, ROUNDS = 2000;
const app = (i: number): AppSummary => {
  const cluster = `c${i % CLUSTERS}`, namespace = `ns-${i % NAMESPACES}`, appId = `spark-${i}`;
  return { key: `${cluster}/${namespace}/${appId}`, cluster, namespace, appId } as AppSummary;
};
const diffs: ScopeDiff[] = Array.from({ length: 50 }, (_, r) => ({
  scope: 'overview', seq: r + 1, at: r,
  apps: Array.from({ length: CHANGED }, (_, j) => app((r * CHANGED + j * 7) % APPS)),
  removedApps: [app((r * 13) % APPS).key],
}));

function readableFor(set: number): ReadableNamespaces {
  const byCluster = new Map<string, Set<string>>();
  for (let c = 0; c < CLUSTERS; c++) byCluster.set(`c${c}`, new Set(Array.from({ length: 5 }, (_, k) => `ns-${(set * 3 + k) % NAMESPACES}`)));
  return { all: false, byCluster };
}

for (const distinct of [1, 20, VIEWERS]) {
  const viewers = Array.from({ length: VIEWERS }, (_, v) => { const r = readableFor(v % distinct); return { readable: r, signature: readableSignature(r) }; });
  const started = process.hrtime.bigint();
  let kept = 0, sets = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const diff = diffs[round % diffs.length];
    // What the hub does per overview diff: group viewers by signature, filter once per group.
    const groups = new Map<string, { readable: ReadableNamespaces; n: number }>();
    for (const v of viewers) {
      const g = groups.get(v.signature);
      if (g) g.n++; else groups.set(v.signature, { readable: v.readable, n: 1 });
    }
    sets = groups.size;
    for (const g of groups.values()) kept += filterOverviewDiff(diff, g.readable).apps?.length ?? 0;
  }
  const perDiffUs = Number(process.hrtime.bigint() - started) / 1000 / ROUNDS;
  console.log(`${VIEWERS} viewers in ${String(sets).padStart(3)} distinct sets: ${perDiffUs.toFixed(1)} µs per overview diff of ${CHANGED} changed applications (${(kept / ROUNDS).toFixed(0)} kept over all sets)`);
}
console.log('--auth none: no filtering (the diff goes to the overview room as before).');
