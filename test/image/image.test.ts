// The container image, built without a registry (localImage.ts: Debian packages, this
// machine's Node, the Dockerfile's runtime settings) and run as a locked-down pod would run
// it: read-only root, /tmp a tmpfs, a host directory as the /data volume, the image's own
// non-root user, its own network namespace. Needs root, mmdebstrap, buildah and podman
// (.ci/run installs them). Measured on 2 cores: about 75 s cold (Debian base 9 s, image 32 s,
// the rest the dashboard's first start with a fresh history), about 30 s when the base and the
// image are cached; up to twice that on a busy machine.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLocalImage, type LocalImage } from './localImage';
import { childPids, processUids, removeLeftoverContainers, runContainer, type RunningContainer } from './runContainer';

const CONTAINER_PREFIX = 'spd-image-test-';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const missing = ['mmdebstrap', 'buildah', 'podman'].filter((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status !== 0);
const why = process.getuid?.() !== 0 ? 'needs root (buildah and podman with the project\'s own storage)' : missing.length ? `needs ${missing.join(', ')} (apt-get install ${missing.join(' ')})` : '';
if (why) console.warn(`container image test skipped: ${why}`);

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, diagnostics: () => Promise<string>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} within ${timeoutMs / 1000} s${last ? ` (last: ${last})` : ''}; the container said:\n${(await diagnostics()).split('\n').slice(-40).join('\n')}`);
}

describe.skipIf(why !== '')('container image', () => {
  let image: LocalImage;
  let container: RunningContainer;
  let dataDir: string;
  let base: string;

  beforeAll(async () => {
    // The pages as `npm start` builds them (a no-op when they are current); not synchronously,
    // so that the test worker keeps answering vitest while `next build` runs.
    const built = await new Promise<number | null>((resolve) => {
      spawn(process.execPath, [path.join(root, 'scripts/ensure-build.mjs')], { cwd: root, stdio: 'inherit' }).on('exit', resolve);
    });
    if (built !== 0) throw new Error('building the pages failed (scripts/ensure-build.mjs); see its output above');
    const started = Date.now();
    image = await buildLocalImage((line) => console.log(`image: ${line}`));
    console.log(`image: ${image.ref} ${image.reused ? 'reused' : 'built'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-image-data-'));
    fs.chownSync(dataDir, image.uid, image.uid);
    await removeLeftoverContainers(CONTAINER_PREFIX);
    container = await runContainer(image.ref, { name: `${CONTAINER_PREFIX}${process.pid}`, dataDir, args: ['--sim-clusters', '1', '--sim-scale', '0.2'] });
    base = `http://${container.ip}:${image.settings.exposedPorts[0]}`;
    await waitFor('the dashboard ready', 240_000, async () => {
      const r = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5000) });
      return r.status === 200 ? true : undefined;
    }, () => container.logs());
  }, 600_000);

  afterAll(async () => {
    await container?.remove();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /readyz, a page and /api/apps from outside its network namespace', async () => {
    expect(container.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    // A first start creates its history database in the background: recording follows readiness.
    const ready = await waitFor('history recording', 60_000, async () => {
      const r = await (await fetch(`${base}/readyz`)).json() as { ready: boolean; history: string };
      return r.history === 'recording' ? r : undefined;
    }, () => container.logs());
    expect(ready).toMatchObject({ ready: true, history: 'recording' });
    for (const pagePath of ['/', '/history', '/wall']) {
      const page = await fetch(`${base}${pagePath}`);
      expect(page.status, pagePath).toBe(200);
      expect(await page.text(), pagePath).toContain('<html');
    }
    const apps = await waitFor('applications listed', 60_000, async () => {
      const body = await (await fetch(`${base}/api/apps`)).json() as { apps: unknown[] };
      return body.apps.length > 0 ? body.apps : undefined;
    }, () => container.logs());
    expect(apps.length).toBeGreaterThan(0);
  });

  it('runs as the Dockerfile\'s non-root user, Node under tini', () => {
    expect(image.uid).not.toBe(0);
    expect(fs.readFileSync(`/proc/${container.hostPid}/comm`, 'utf8').trim()).toBe('tini');
    const [node] = childPids(container.hostPid);
    expect(fs.readFileSync(`/proc/${node}/comm`, 'utf8').trim()).toBe('node');
    for (const pid of [container.hostPid, node]) expect(processUids(pid)).toEqual([image.uid, image.uid, image.uid, image.uid]);
  });

  it('writes only to its volume: the history database and the embedded cluster\'s certificates', async () => {
    expect(fs.existsSync(path.join(dataDir, 'history', 'pgdata', 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'sim', 'kubeconfig'))).toBe(true);
    // The root file system is read-only: anything that tried to write there failed, and said so.
    expect(await container.logs()).not.toMatch(/EROFS|read-only file system/i);
  });

  it('stops on SIGTERM within seconds, with exit code 0 and its history closed', async () => {
    const stopped = await container.stop(20);
    const logs = await container.logs();
    expect(logs).toContain('shutting down');
    expect(stopped.exitCode, logs.split('\n').slice(-20).join('\n')).toBe(0);
    expect(stopped.seconds).toBeLessThan(10);
    // The embedded database's lock is released only by a clean close.
    expect(fs.existsSync(path.join(dataDir, 'history', 'dashboard.lock'))).toBe(false);
  });
});
