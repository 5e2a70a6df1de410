// The Debian part of the image built without a registry: what Node needs to run (the C and
// C++ runtimes) and tini, unpacked from Debian's own packages by mmdebstrap's `extract`
// variant (no maintainer scripts, no shell: about 16 MB). Cached as a tarball under
// ~/.cache/spark-pod-dashboard/image-base/, keyed by suite, mirrors and package list, so
// reruns and CI machines that keep ~/.cache do not download it again.

import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SUITE = 'bookworm';
/** Node's shared libraries (`ldd node`: libc, libm, libdl, libpthread, libstdc++, libgcc_s) and the init. */
export const PACKAGES = ['libc6', 'libstdc++6', 'libgcc-s1', 'tini'];

function mirrors(): string[] {
  const debian = process.env.DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';
  const security = process.env.DEBIAN_SECURITY_MIRROR ?? 'http://deb.debian.org/debian-security';
  return [`deb ${debian} ${SUITE} main`, `deb ${debian} ${SUITE}-updates main`, `deb ${security} ${SUITE}-security main`];
}

export function cacheRoot(): string {
  return path.join(os.homedir(), '.cache', 'spark-pod-dashboard');
}

export function baseKey(): string {
  return crypto.createHash('sha256').update(JSON.stringify({ suite: SUITE, variant: 'extract', packages: PACKAGES, mirrors: mirrors() })).digest('hex').slice(0, 16);
}

/** The base root file system as a tarball, made once per key. */
export function baseRootfsTarball(log: (line: string) => void = () => {}): string {
  const dir = path.join(cacheRoot(), 'image-base');
  const tarball = path.join(dir, `${SUITE}-${baseKey()}.tar`);
  if (fs.existsSync(tarball)) return tarball;
  try {
    execFileSync('mmdebstrap', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('mmdebstrap is not installed: apt-get install mmdebstrap (it builds the image\'s Debian base from Debian\'s packages)');
  }
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${tarball}.partial-${process.pid}`;
  log(`building the Debian base (${PACKAGES.join(', ')}) with mmdebstrap…`);
  const started = Date.now();
  try {
    // stdin closed: without a terminal mmdebstrap would read extra sources from it.
    execFileSync('mmdebstrap', [
      '--variant=extract', `--include=${PACKAGES.join(',')}`, '--mode=root', '--skip=output/dev', '--quiet',
      '--dpkgopt=path-exclude=/usr/share/doc/*', '--dpkgopt=path-exclude=/usr/share/man/*', '--dpkgopt=path-exclude=/usr/share/locale/*',
      '--format=tar', SUITE, partial, ...mirrors(),
    ], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    fs.rmSync(partial, { force: true });
    const said = String((e as { stderr?: Buffer }).stderr ?? '').trim().split('\n').slice(-15).join('\n');
    throw new Error(`mmdebstrap failed (is a Debian mirror reachable? DEBIAN_MIRROR overrides it):\n${said}`);
  }
  fs.renameSync(partial, tarball);
  log(`Debian base ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${tarball}`);
  return tarball;
}
