// The Debian part of the image built without a registry: what Node needs to run (the C and
// C++ runtimes) and tini, unpacked from Debian's own packages by mmdebstrap's `extract`
// variant (no maintainer scripts, no shell: about 16 MB). Cached as a tarball under
// ~/.cache/spark-pod-dashboard/image-base/, keyed by suite, mirrors and package list, so
// reruns and CI machines that keep ~/.cache do not download it again.

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from './containerStorage';

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
export async function baseRootfsTarball(log: (line: string) => void = () => {}): Promise<string> {
  const dir = path.join(cacheRoot(), 'image-base');
  const tarball = path.join(dir, `${SUITE}-${baseKey()}.tar`);
  if (fs.existsSync(tarball)) return tarball;
  await run('mmdebstrap', ['--version']);
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${tarball}.partial-${process.pid}`;
  log(`building the Debian base (${PACKAGES.join(', ')}) with mmdebstrap…`);
  const started = Date.now();
  try {
    await run('mmdebstrap', [
      '--variant=extract', `--include=${PACKAGES.join(',')}`, '--mode=root', '--skip=output/dev', '--quiet',
      '--dpkgopt=path-exclude=/usr/share/doc/*', '--dpkgopt=path-exclude=/usr/share/man/*', '--dpkgopt=path-exclude=/usr/share/locale/*',
      '--format=tar', SUITE, partial, ...mirrors(),
    ]);
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw new Error(`building the Debian base failed (is a Debian mirror reachable? DEBIAN_MIRROR overrides it): ${(e as Error).message}`);
  }
  fs.renameSync(partial, tarball);
  log(`Debian base ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${tarball}`);
  return tarball;
}
