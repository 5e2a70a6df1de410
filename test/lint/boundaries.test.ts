// The import boundaries bite: lib/ may not import server/, sim/, components/, app/ or a Node
// module; components/ and app/ may not import server/ or sim/; server/ may not import sim/
// outside its composition root. Each case is linted as a file at that place, and a forbidden
// import dropped into lib/ makes `npm run lint` itself fail.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: root });

async function errorsOf(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result.messages.filter((m) => m.severity === 2).map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['lib/snapshot/fixture.ts', "import { startDashboard } from '../../server/frontDoor';", /lib\/ imports only lib\//],
    ['lib/fixture.ts', "import { createEmbeddedCluster } from '../sim/cluster/apiServer';", /lib\/ imports only lib\//],
    ['lib/spark/fixture.ts', "import { Panel } from '../../components/ui/Panel';", /lib\/ imports only lib\//],
    ['lib/spark/fixture.ts', "import fs from 'node:fs';", /no Node modules/],
    ['lib/spark/fixture.ts', "import path from 'path';", /no Node modules/],
    ['components/overview/Fixture.tsx', "import { ClusterEngine } from '../../server/engine/clusterEngine';", /never by importing it/],
    ['app/fixture/page.tsx', "import { startEmbeddedClusters } from '../../sim/startSimulation';", /never by importing it/],
    ['server/http/fixture.ts', "import { startEmbeddedClusters } from '../../sim/startSimulation';", /Only server\/main.ts/],
  ])('%s may not: %s', async (file, code, message) => {
    const errors = await errorsOf(file, code);
    expect(errors.some((e) => message.test(e)), errors.join('\n')).toBe(true);
  });

  it.each([
    ['lib/spark/fixture.ts', "import { appKey } from '../snapshot/appSummary';"],
    ['lib/spark/fixture.ts', "import type { V1Pod } from '@kubernetes/client-node';"],
    ['components/overview/Fixture.tsx', "import { appKey } from '../../lib/snapshot/appSummary';"],
    ['server/main.ts', "import { startEmbeddedClusters } from '../sim/startSimulation';"],
    ['sim/fixture.ts', "import { createKubeTransport } from '../server/kube/kubeTransport';"],
  ])('%s may: %s', async (file, code) => {
    expect(await errorsOf(file, code)).toEqual([]);
  });

  it('a forbidden import in lib/ makes npm run lint fail', () => {
    const fixture = path.join(root, 'lib', 'boundaryFixture.lint-test.ts');
    fs.writeFileSync(fixture, "import { startDashboard } from '../server/frontDoor';\nexport const x = startDashboard;\n");
    try {
      const run = spawnSync('npm', ['run', 'lint', '--silent'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
      expect(run.status).not.toBe(0);
      expect(run.stdout + run.stderr).toMatch(/boundaryFixture\.lint-test\.ts[\s\S]*lib\/ imports only lib\//);
    } finally {
      fs.rmSync(fixture, { force: true });
    }
    // That the tree without the fixture lints clean is npm test's own lint step.
  }, 240_000);
});
