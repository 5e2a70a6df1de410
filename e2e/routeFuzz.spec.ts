// Page paths and queries fuzzed against the real pages (Next's build, started as the README
// starts it): random, unicode and percent-encoded segments on /, /wall, /apps/…, /embed/… never
// answer 500 nor hang. Broken percent-encodings on page paths are left out here: Next answers
// them with its bare 500, which is being fixed on its own (the API's fuzzing covers them).

import fc from 'fast-check';
import type { AppsResponse } from '../lib/apiTypes';
import { rawRequest } from '../test/abuse/abuseHarness';
import { queryArbitrary, segmentArbitrary } from '../test/abuse/httpArbitraries';
import { expect, test } from './fixtures';

test('page paths and queries never answer 500 nor hang', async ({ server, request }) => {
  test.setTimeout(180_000);
  const apps = ((await (await request.get(`${server.url}/api/apps`)).json()) as AppsResponse).apps;
  const known = apps.slice(0, 3).flatMap((a) => [a.namespace, a.appId]);
  const seg = segmentArbitrary([...known, 'counts', 'timeline', 'executors', 'volumes', 'rbac', 'overview', 'apps'], { brokenEncodings: false });
  const path = fc.oneof(
    fc.constantFrom('/', '/wall'),
    fc.array(seg, { minLength: 1, maxLength: 3 }).map((rest) => `/apps/${rest.join('/')}`),
    fc.array(seg, { minLength: 1, maxLength: 5 }).map((rest) => `/embed/${rest.join('/')}`),
    fc.tuple(fc.constantFrom(...known.length ? known : ['ns']), seg, seg).map(([ns, app, panel]) => `/embed/apps/${ns}/${app}/${panel}`),
  );
  const query = queryArbitrary(['ns', 'state', 'q', 'sort', 'dir', 'theme', 'accent', 'interval', 'density', 'app'], { brokenEncodings: false });
  const statuses = new Map<number, number>();
  await fc.assert(fc.asyncProperty(path, query, async (p, q) => {
    const res = await rawRequest(server.origin, p + q, {}, { timeoutMs: 20_000 });
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    expect(res.status, `${p}${q}`).not.toBe(500);
    expect(res.status).toBeLessThan(500);
  }), { numRuns: 400 });
  console.log(`page fuzzing: 400 requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
});
