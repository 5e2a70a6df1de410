// Runs every test suite in order and ends with one line `N passed, N failed` that sums them:
//   1. type check of the whole project (tsc) and lint (ESLint: import boundaries, hooks), one test each;
//   2. Vitest: unit tests (lib/, server/) and integration tests (test/) against the embedded
//      cluster and, when its binaries are available, a real kube-apiserver + etcd;
//   3. Playwright end-to-end tests in Debian's Chromium against `npm start`;
//   4. each benchmark, briefly, to prove it still runs (figures are not verdicts).
// Each suite's own output streams through; the totals are read from JSON reports.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
// Names of failed tests, repeated after the summary so the tail of a CI log says what failed,
// each with the start of its error (often all that is left of a rare failure).
const failures = [];
const ANSI = /\u001b\[[0-9;]*m/g;
/** The first few meaningful lines of an error message, indented under the test's name. */
function why(message) {
  const lines = String(message ?? '').replace(ANSI, '').split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() && !/^\s+at /.test(l));
  return lines.slice(0, 6).map((l) => `      ${l.length > 300 ? `${l.slice(0, 300)}…` : l}`).join('\n');
}
const failure = (name, message) => failures.push(message ? `${name}\n${why(message)}` : name);
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);

// Seconds each suite took, printed in the summary: CI has a time budget to keep.
const durations = new Map();

function run(name, cmd, args, env = {}, timeoutMs = undefined) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, timeout: timeoutMs, killSignal: 'SIGKILL' });
  if (r.error) console.log(`${name}: ${r.error.message}`);
  durations.set(name, Math.round((Date.now() - started) / 1000));
  return r.status ?? 1;
}

function record(name, passed, failed, skipped = 0, note = '') {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  lines.push(`${name.padEnd(28)} ${String(passed).padStart(5)} passed ${String(failed).padStart(4)} failed ${skipped ? `${skipped} skipped` : ''}${note ? `  (${note})` : ''}`);
}

function vitestTotals(file) {
  if (!fs.existsSync(file)) return null;
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const f of r.testResults ?? []) {
    const failed = (f.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of failed) failure(`${path.relative(root, f.name)} › ${a.fullName}`, (a.failureMessages ?? []).join('\n'));
    if (f.status === 'failed' && failed.length === 0) failure(path.relative(root, f.name), f.message);
  }
  return { passed: r.numPassedTests ?? 0, failed: (r.numFailedTests ?? 0) + (r.success === false && !r.numFailedTests ? 1 : 0), skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0) };
}

const bin = path.join(root, 'node_modules', '.bin');

if (want('typecheck')) {
  const status = run('typecheck', path.join(bin, 'tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  record('typecheck (tsc)', status === 0 ? 1 : 0, status === 0 ? 0 : 1);
}

if (want('lint')) {
  const status = run('lint', path.join(bin, 'eslint'), ['--max-warnings', '0', '.']);
  record('lint (eslint)', status === 0 ? 1 : 0, status === 0 ? 0 : 1);
}

for (const project of ['unit', 'integration']) {
  if (!want(project)) continue;
  const out = path.join(reports, `${project}.json`);
  const status = run(project, path.join(bin, 'vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  const t = vitestTotals(out);
  if (t) record(`vitest ${project}`, t.passed, t.failed, t.skipped);
  else record(`vitest ${project}`, 0, 1, 0, `exited ${status} without a report`);
}

if (want('e2e')) {
  const out = path.join(reports, 'e2e.json');
  const status = run('e2e', path.join(bin, 'playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out, PW_REPORTERS: 'list,json' });
  if (fs.existsSync(out)) {
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    const s = report.stats ?? {};
    const walk = (suite, trail) => {
      for (const spec of suite.specs ?? []) {
        for (const t of spec.tests ?? []) {
          if (t.status !== 'unexpected') continue;
          const last = t.results?.[t.results.length - 1];
          failure(`[${t.projectName}] ${spec.file} › ${[...trail, spec.title].join(' › ')}`, (last?.errors ?? []).map((e) => e.message ?? '').join('\n') || last?.error?.message);
        }
      }
      for (const child of suite.suites ?? []) walk(child, [...trail, child.title]);
    };
    for (const suite of report.suites ?? []) walk(suite, []);
    record('playwright e2e', (s.expected ?? 0) + (s.flaky ?? 0), (s.unexpected ?? 0), s.skipped ?? 0, s.flaky ? `${s.flaky} flaky` : '');
  } else {
    record('playwright e2e', 0, 1, 0, `exited ${status} without a report`);
  }
}

// Benchmarks print figures and assert nothing; CI only checks that they still run, briefly.
if (want('bench')) {
  const smoke = [
    ['bench:engine', ['--import', 'tsx', 'bench/engine.ts', '--pods', '1000', '--rate', '200', '--seconds', '3', '--clients', '10']],
    ['bench:ui', ['--import', 'tsx', 'bench/ui.ts', '--executors', '300', '--rate', '50', '--seconds', '3']],
    ['bench:wall', ['--import', 'tsx', 'bench/wall.ts', '--minutes', '1', '--churn', '30', '--sample', '15']],
    ['bench:soak', ['--import', 'tsx', 'bench/soak.ts', '--minutes', '1', '--churn', '100', '--sample', '15', '--warmup', '0.3']],
    ['bench:history', ['--import', 'tsx', 'bench/history.ts', '--pods', '2000', '--rate', '200', '--seconds', '5', '--search-apps', '5000']],
    ['bench:scale', ['--import', 'tsx', 'bench/scale.ts', '--pods', '3000', '--apps', '30', '--big', '500', '--namespaces', '3', '--rate', '200', '--starts', '60', '--seconds', '5', '--viewers', '30']],
  ];
  let ok = 0;
  for (const [name, args] of smoke) {
    if (run(`${name} (smoke)`, process.execPath, args, {}, 10 * 60_000) === 0) ok++;
    else failures.push(`${name} (smoke)`);
  }
  record('benchmarks run (smoke)', ok, smoke.length - ok);
}

console.log('\n=== summary');
console.log(`seconds per suite: ${[...durations].map(([n, sec]) => `${n} ${sec}`).join(', ')}`);
for (const l of lines) console.log(l);
if (totals.skipped) console.log(`${totals.skipped} skipped`);
if (failures.length) console.log(`failed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed ? 1 : 0);
