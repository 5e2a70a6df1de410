// One container storage of the project's own for buildah and podman, kept under ~/.cache so
// that an unchanged image is not committed again; it never touches the machine's default
// storage or its driver choice. Overlay, because a container then starts without copying the
// image (vfs copies all of its ~700 MB for each container).

import { execFile, type ExecFileOptions } from 'node:child_process';
import path from 'node:path';
import { cacheRoot } from './baseRootfs';

export function storageArgs(): string[] {
  return ['--root', path.join(cacheRoot(), 'containers', 'overlay'), '--runroot', '/run/spark-pod-dashboard-containers', '--storage-driver', 'overlay'];
}

/**
 * Runs a command without blocking the event loop, its stdin closed (mmdebstrap reads extra
 * apt sources from a stdin that is not a terminal); the error says what the command said.
 */
export function run(command: string, args: string[], options: ExecFileOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', ...options }, (error, stdout, stderr) => {
      if (!error) return resolve(String(stdout).trim());
      const err = error as NodeJS.ErrnoException & { code?: string | number };
      if (err.code === 'ENOENT') return reject(new Error(`${command} is not installed: apt-get install ${command}`));
      reject(new Error(`${command} ${args.join(' ')} failed (exit ${err.code}): ${String(stderr).trim().slice(-2000)}`));
    });
    child.stdin?.end();
  });
}

/** buildah or podman on the project's storage. */
export function tool(name: 'buildah' | 'podman', args: string[]): Promise<string> {
  return run(name, [...storageArgs(), ...args]);
}

/** The exit status alone (for questions such as `podman image exists`). */
export function toolStatus(name: 'buildah' | 'podman', args: string[]): Promise<number> {
  return new Promise((resolve) => {
    execFile(name, [...storageArgs(), ...args], (error) => resolve(error ? (typeof error.code === 'number' ? error.code : 1) : 0));
  });
}
