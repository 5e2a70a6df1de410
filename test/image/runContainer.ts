// Runs an image the way a locked-down pod would: root file system read-only, a tmpfs on /tmp
// (an emptyDir), a host directory as the /data volume, the image's own user and entry point,
// in a network namespace of its own (podman's bridge) so that the test reaches it from
// outside, by its address.
//
// runc rather than crun where it is installed: Debian 12's crun refuses hosts whose cgroup v2
// hierarchy has controllers while v1 is mounted too ("hybrid mode"). The open-file and process
// limits are set below the host's, because raising them needs a privilege sandboxed machines
// often lack (podman's defaults raise them).

import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { storageArgs, tool, toolStatus } from './containerStorage';

export interface RunningContainer {
  name: string;
  /** The container's address on podman's bridge. */
  ip: string;
  /** Host process id of the container's PID 1. */
  hostPid: number;
  logs(): Promise<string>;
  /** `podman stop` (the image's stop signal, then SIGKILL after `graceSeconds`): exit code and seconds taken. */
  stop(graceSeconds: number): Promise<{ exitCode: number; seconds: number }>;
  remove(): Promise<void>;
}

function hasRunc(): boolean {
  try {
    execFileSync('runc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function runContainer(ref: string, options: { name: string; dataDir: string; args?: string[]; env?: Record<string, string> }): Promise<RunningContainer> {
  const runtime = hasRunc() ? ['--runtime', 'runc'] : [];
  await tool('podman', [
    ...runtime, 'run', '--detach', '--name', options.name,
    '--read-only', '--read-only-tmpfs=false', '--tmpfs', '/tmp:rw,nosuid,nodev,mode=1777,size=512m',
    '--volume', `${options.dataDir}:/data:rw`,
    '--ulimit', 'nofile=8192:8192', '--ulimit', 'nproc=8192:8192',
    ...Object.entries(options.env ?? {}).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
    ref, ...(options.args ?? []),
  ]);
  const inspect = (format: string) => tool('podman', ['inspect', '--format', format, options.name]);
  const ip = await inspect('{{.NetworkSettings.IPAddress}}');
  const hostPid = Number(await inspect('{{.State.Pid}}'));
  return {
    name: options.name,
    ip,
    hostPid,
    // The server logs to stderr; podman logs replays each stream on its own.
    logs: () => new Promise((resolve) => {
      execFile('podman', [...storageArgs(), 'logs', options.name], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (_error, stdout, stderr) => resolve(`${stdout}${stderr}`));
    }),
    stop: async (graceSeconds) => {
      const started = Date.now();
      await tool('podman', ['stop', '--time', String(graceSeconds), options.name]);
      const seconds = (Date.now() - started) / 1000;
      return { exitCode: Number(await inspect('{{.State.ExitCode}}')), seconds };
    },
    remove: async () => { await toolStatus('podman', ['rm', '--force', options.name]); },
  };
}

/** Containers of an earlier run that was killed before it could remove them. */
export async function removeLeftoverContainers(namePrefix: string): Promise<void> {
  for (const name of (await tool('podman', ['ps', '--all', '--format', '{{.Names}}'])).split('\n')) {
    if (name.startsWith(namePrefix)) await toolStatus('podman', ['rm', '--force', name]);
  }
}

/** The user ids (real, effective, saved, file system) of a host process, from /proc. */
export function processUids(pid: number): number[] {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('Uid:'))!;
  return line.split(/\s+/).slice(1).map(Number);
}

/** Direct children of a host process. */
export function childPids(pid: number): number[] {
  return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}
