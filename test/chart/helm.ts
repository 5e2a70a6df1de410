// The helm CLI built by test/helm/build.sh (its directory in HELM_TEST_BIN), run on the chart
// in deploy/chart: lint and template with a set of values, the rendered objects parsed.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadAll } from 'js-yaml';

const run = promisify(execFile);

export const CHART_DIR = fileURLToPath(new URL('../../deploy/chart/', import.meta.url));

/** A rendered Kubernetes object, as much of it as the tests read. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** The helm binary, or undefined when HELM_TEST_BIN is unset (then the chart suite is skipped). */
export function helmBinary(): string | undefined {
  const dir = process.env.HELM_TEST_BIN;
  if (!dir) return undefined;
  const bin = path.join(dir, 'helm');
  if (!fs.existsSync(bin)) throw new Error(`HELM_TEST_BIN is ${dir}, but it has no helm binary: run test/helm/build.sh`);
  return bin;
}

/** What helm printed, or its failure with stderr (the chart's `fail` messages are there). */
export type HelmResult = { ok: true; stdout: string } | { ok: false; stderr: string };

/** Runs helm with a values file written from `values`; helm's own config and cache stay in a temp dir. */
async function helm(bin: string, args: string[], values: object): Promise<HelmResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chart-test-'));
  try {
    const file = path.join(dir, 'values.json');
    fs.writeFileSync(file, JSON.stringify(values));
    const env = { ...process.env, HELM_CONFIG_HOME: path.join(dir, 'config'), HELM_CACHE_HOME: path.join(dir, 'cache'), HELM_DATA_HOME: path.join(dir, 'data') };
    const { stdout } = await run(bin, [...args, '--values', file], { env, maxBuffer: 16 * 1024 * 1024 });
    return { ok: true, stdout };
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    return { ok: false, stderr: `${err.stderr ?? ''}${err.stdout ?? ''}` || err.message };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `helm lint --strict`: warnings fail too. */
export function lint(bin: string, values: object, namespace: string): Promise<HelmResult> {
  return helm(bin, ['lint', '--strict', '--namespace', namespace, CHART_DIR], values);
}

/** `helm template` of the chart as release `release` in `namespace`. */
export function template(bin: string, values: object, release: string, namespace: string): Promise<HelmResult> {
  return helm(bin, ['template', release, CHART_DIR, '--namespace', namespace], values);
}

/** The objects of `helm template` output; throws with helm's message when it failed. */
export async function render(bin: string, values: object, release: string, namespace: string): Promise<KubeObject[]> {
  const r = await template(bin, values, release, namespace);
  if (!r.ok) throw new Error(`helm template failed: ${r.stderr}`);
  return loadAll(r.stdout).filter((d): d is KubeObject => d !== null && typeof d === 'object');
}
