// One container storage of the project's own for buildah and podman (vfs: plain directories,
// which work wherever root can write), kept under ~/.cache so that an unchanged image is not
// committed again; it never touches the machine's default storage or its driver choice.

import { execFileSync, spawnSync, type ExecFileSyncOptions } from 'node:child_process';
import path from 'node:path';
import { cacheRoot } from './baseRootfs';

export function storageArgs(): string[] {
  return ['--root', path.join(cacheRoot(), 'containers', 'overlay'), '--runroot', '/run/spark-pod-dashboard-containers', '--storage-driver', 'overlay'];
}

/** Runs buildah or podman on the project's storage; the error says what the tool said. */
export function tool(name: 'buildah' | 'podman', args: string[], options: ExecFileSyncOptions = {}): string {
  try {
    return String(execFileSync(name, [...storageArgs(), ...args], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, ...options })).trim();
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer; status?: number };
    if (err.code === 'ENOENT') throw new Error(`${name} is not installed: apt-get install ${name}`);
    throw new Error(`${name} ${args.join(' ')} failed (exit ${err.status}): ${String(err.stderr ?? '').trim().slice(-2000)}`);
  }
}

/** The exit status alone (for questions such as `podman image exists`). */
export function toolStatus(name: 'buildah' | 'podman', args: string[]): number {
  return spawnSync(name, [...storageArgs(), ...args], { stdio: 'ignore' }).status ?? 1;
}
