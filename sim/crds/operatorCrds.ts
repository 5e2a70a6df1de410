// The Spark operators' CustomResourceDefinitions this project ships (kubeflow-spark-operator.yaml,
// apache-spark-operator.yaml), and how a test or the simulator installs them on a cluster:
// create each one that is absent, then wait until the API server says Established (only then
// are its resources served).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import type { KubeTransport } from '../../server/kube/kubeTransport';

const DIR = path.dirname(fileURLToPath(import.meta.url));
const MANIFESTS = ['kubeflow-spark-operator.yaml', 'apache-spark-operator.yaml'];
const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

interface CrdManifest {
  metadata: { name: string };
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] | null };
}

/** Every CRD of both operators, parsed from the shipped YAML (fresh objects on each call). */
export function operatorCrdManifests(): object[] {
  return MANIFESTS.flatMap((file) => yaml.loadAll(fs.readFileSync(path.join(DIR, file), 'utf8')).filter((doc): doc is object => typeof doc === 'object' && doc !== null));
}

export interface InstallOptions {
  /** How long to wait for all of them to be Established (default 30 s). */
  timeoutMs?: number;
  pollIntervalMs?: number;
}

/** The HTTP status of a failed request (KubeApiError, or any transport's error with a `status`). */
const statusOf = (e: unknown) => (typeof e === 'object' && e !== null && 'status' in e ? (e as { status: unknown }).status : undefined);
const isNotFound = (e: unknown) => statusOf(e) === 404;
const isAlreadyExists = (e: unknown) => statusOf(e) === 409;

function established(crd: CrdManifest): boolean {
  return (crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
}

function describeConditions(crd: CrdManifest | null): string {
  const conditions = crd?.status?.conditions ?? [];
  if (!crd) return 'it was never read back';
  if (conditions.length === 0) return 'it has no conditions yet';
  return conditions.map((c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason}${c.message ? `: ${c.message}` : ''})` : ''}`).join(', ');
}

/**
 * Creates each operator CRD that the cluster lacks (an existing one is left as it is) and
 * resolves once every one is Established; rejects naming the CRDs still waiting after the timeout.
 */
export async function installOperatorCrds(api: Pick<KubeTransport, 'requestJson'>, options: InstallOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const pollMs = options.pollIntervalMs ?? 100;
  const manifests = operatorCrdManifests() as CrdManifest[];
  for (const manifest of manifests) {
    const name = manifest.metadata.name;
    try {
      await api.requestJson('GET', `${CRD_PATH}/${name}`);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      // Another installer may win the race between our GET and POST; its CRD is as good as ours.
      await api.requestJson('POST', CRD_PATH, { body: manifest }).catch((err: unknown) => {
        if (!isAlreadyExists(err)) throw err;
      });
    }
  }
  const deadline = Date.now() + timeoutMs;
  const last = new Map<string, CrdManifest | null>(manifests.map((m) => [m.metadata.name, null]));
  for (;;) {
    for (const name of last.keys()) {
      const crd = await api.requestJson<CrdManifest>('GET', `${CRD_PATH}/${name}`);
      if (established(crd)) last.delete(name);
      else last.set(name, crd);
    }
    if (last.size === 0) return;
    if (Date.now() >= deadline) {
      const waiting = [...last].map(([name, crd]) => `${name}: ${describeConditions(crd)}`).join('; ');
      throw new Error(`operator CRDs not Established within ${timeoutMs} ms: ${waiting}`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
