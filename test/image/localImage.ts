// Builds the equivalent of the Dockerfile's image without a container registry: the Debian
// base (baseRootfs.ts), this machine's Node binary at the path the node image has it, the
// same /app as the Dockerfile's build stage assembles (built pages without their build cache,
// the server's sources, production dependencies only), the dashboard user, and the runtime
// settings read from the Dockerfile; committed with buildah as an OCI image. An image whose
// inputs have not changed is reused.
//
//   node --import tsx test/image/localImage.ts     # prints the image reference

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distDirFor } from '../../scripts/distDir.mjs';
import { baseKey, baseRootfsTarball } from './baseRootfs';
import { run, tool, toolStatus } from './containerStorage';
import { readRuntimeSettings, type RuntimeSettings } from './dockerfileRuntime';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const IMAGE_NAME = 'localhost/spark-pod-dashboard';
/** Where the node image keeps Node; the Dockerfile's ENTRYPOINT names it. */
const NODE_PATH = '/usr/local/bin/node';
/** The node image's PATH (a scratch image has none). */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** What the Dockerfile's build stage copies to /app besides the pages and node_modules. */
const APP_FILES = ['package.json', 'next.config.mjs', 'tsconfig.json', 'server', 'sim', 'lib', 'scripts/distDir.mjs'];

export interface LocalImage {
  ref: string;
  settings: RuntimeSettings;
  /** The numeric user the image runs as. */
  uid: number;
  reused: boolean;
}

/** Top-level directories of the packages `npm ci --omit=dev` installs (nested ones come with them). */
export function productionPackages(): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const modules = path.join(root, 'node_modules');
  return Object.entries(lock.packages)
    .filter(([p, meta]) => p.startsWith('node_modules/') && !p.slice('node_modules/'.length).includes('node_modules/') && !meta.dev)
    .map(([p]) => p.slice('node_modules/'.length))
    // Optional packages for other platforms are in the lock but not installed.
    .filter((p) => fs.existsSync(path.join(modules, p)));
}

function hashTree(hash: crypto.Hash, p: string): void {
  const full = path.join(root, p);
  const stat = fs.statSync(full);
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(full).sort()) hashTree(hash, path.join(p, name));
  } else {
    hash.update(`${p}\0${stat.size}\0`);
    hash.update(fs.readFileSync(full));
  }
}

/** Everything the image is made of, so an unchanged image is reused. */
function inputsKey(distDir: string, nodeBinary: string): string {
  const hash = crypto.createHash('sha256');
  const node = fs.statSync(nodeBinary);
  hash.update(`base=${baseKey()}\nnode=${process.version} ${node.size} ${node.mtimeMs}\n`);
  for (const p of [...APP_FILES, 'Dockerfile', 'package-lock.json']) hashTree(hash, p);
  for (const f of ['BUILD_ID', 'source-hash']) hash.update(fs.readFileSync(path.join(root, distDir, f)));
  return hash.digest('hex').slice(0, 16);
}

function numericUser(user: string): { uid: number; gid: number } {
  const m = /^(\d+)(?::(\d+))?$/.exec(user);
  if (!m) throw new Error(`the Dockerfile's USER must be numeric (uid:gid), so the runtime can tell it is not root without reading /etc/passwd: ${user}`);
  return { uid: Number(m[1]), gid: Number(m[2] ?? m[1]) };
}

async function copy(from: string, to: string, items: string[]): Promise<void> {
  if (items.length) await run('cp', ['-a', '--parents', ...items, to], { cwd: from });
}

/** Builds (or reuses) the image. The pages must have been built (scripts/ensure-build.mjs). */
export async function buildLocalImage(log: (line: string) => void = () => {}): Promise<LocalImage> {
  const basePath = process.env.BASE_PATH ?? '';
  const settings = readRuntimeSettings(path.join(root, 'Dockerfile'), { BASE_PATH: basePath });
  settings.env.PATH ??= DEFAULT_PATH;
  const { uid, gid } = numericUser(settings.user);
  const distDir = distDirFor(basePath);
  if (!fs.existsSync(path.join(root, distDir, 'BUILD_ID'))) throw new Error(`no pages in ${distDir}: build them first (node scripts/ensure-build.mjs)`);
  const nodeBinary = process.execPath;
  const tarball = await baseRootfsTarball(log);
  const ref = `${IMAGE_NAME}:local-${inputsKey(distDir, nodeBinary)}`;
  if (await toolStatus('podman', ['image', 'exists', ref]) === 0) return { ref, settings, uid, reused: true };

  const started = Date.now();
  const container = await tool('buildah', ['from', '--quiet', 'scratch']);
  try {
    const mnt = await tool('buildah', ['mount', container]);
    await run('tar', ['-xf', tarball, '-C', mnt]);
    fs.mkdirSync(path.join(mnt, path.dirname(NODE_PATH)), { recursive: true });
    fs.copyFileSync(nodeBinary, path.join(mnt, NODE_PATH));
    fs.chmodSync(path.join(mnt, NODE_PATH), 0o755);
    // The users of the image (no shell, no passwd package: written directly).
    fs.writeFileSync(path.join(mnt, 'etc/passwd'), `root:x:0:0:root:/root:/usr/sbin/nologin\ndashboard:x:${uid}:${gid}::/data:/usr/sbin/nologin\n`);
    fs.writeFileSync(path.join(mnt, 'etc/group'), `root:x:0:\ndashboard:x:${gid}:\n`);
    fs.mkdirSync(path.join(mnt, 'tmp'), { recursive: true });
    fs.chmodSync(path.join(mnt, 'tmp'), 0o1777);
    for (const volume of settings.volumes) {
      fs.mkdirSync(path.join(mnt, volume), { recursive: true, mode: 0o750 });
      fs.chownSync(path.join(mnt, volume), uid, gid);
    }
    const app = path.join(mnt, settings.workdir);
    fs.mkdirSync(path.join(app, 'node_modules'), { recursive: true });
    await copy(root, app, APP_FILES);
    await copy(root, app, [distDir]);
    fs.rmSync(path.join(app, distDir, 'cache'), { recursive: true, force: true });
    await copy(fs.realpathSync(path.join(root, 'node_modules')), path.join(app, 'node_modules'), productionPackages());
    // Owned by root, as COPY leaves them: the dashboard's user can read its code, not change it.
    await run('chown', ['-R', '0:0', app]);
    log(`root file system assembled in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    await tool('buildah', [
      'config',
      '--user', settings.user, '--workingdir', settings.workdir, '--stop-signal', settings.stopSignal,
      '--entrypoint', JSON.stringify(settings.entrypoint), '--cmd', settings.cmd.length ? JSON.stringify(settings.cmd) : '',
      ...Object.entries(settings.env).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
      ...settings.volumes.flatMap((v) => ['--volume', v]),
      ...settings.exposedPorts.flatMap((p) => ['--port', `${p}/tcp`]),
      container,
    ]);
    await tool('buildah', ['commit', '--quiet', '--format', 'oci', '--rm', container, ref]);
  } catch (e) {
    await toolStatus('buildah', ['rm', container]);
    throw e;
  }
  // Earlier builds of the image are of no further use.
  for (const old of (await tool('podman', ['images', '--format', '{{.Repository}}:{{.Tag}}', IMAGE_NAME])).split('\n')) {
    if (old && old !== ref) await toolStatus('podman', ['rmi', '--force', old]);
  }
  log(`image ${ref} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { ref, settings, uid, reused: false };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const image = await buildLocalImage((line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${image.ref}\n`);
}
