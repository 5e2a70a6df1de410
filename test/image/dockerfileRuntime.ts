// The runtime settings of the Dockerfile's last stage (user, working directory, environment,
// volumes, port, stop signal, entry point), read from the Dockerfile itself so that the image
// built here without a registry cannot drift from it. Only the instructions the runtime
// stage uses are understood; anything else that sets runtime state is an error.

import fs from 'node:fs';

export interface RuntimeSettings {
  user: string;
  workdir: string;
  env: Record<string, string>;
  volumes: string[];
  exposedPorts: number[];
  stopSignal: string;
  entrypoint: string[];
  cmd: string[];
}

/** Dockerfile lines with comments dropped and `\` continuations joined. */
function instructions(text: string): { keyword: string; args: string }[] {
  const out: { keyword: string; args: string }[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    if (pending && line.startsWith('#')) continue;
    if (line.endsWith('\\')) { pending += line.slice(0, -1) + ' '; continue; }
    const whole = (pending + line).trim();
    pending = '';
    const m = /^(\S+)\s*(.*)$/.exec(whole)!;
    out.push({ keyword: m[1].toUpperCase(), args: m[2] });
  }
  return out;
}

function jsonArray(keyword: string, args: string): string[] {
  try {
    const v = JSON.parse(args) as unknown;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  } catch { /* below */ }
  throw new Error(`Dockerfile ${keyword} must be in exec form (a JSON array of strings): ${args}`);
}

/** KEY=value pairs, values optionally double-quoted. */
function pairs(args: string): [string, string][] {
  const out: [string, string][] = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g;
  for (const m of args.matchAll(re)) out.push([m[1], m[2].startsWith('"') ? (JSON.parse(m[2]) as string) : m[2]]);
  return out;
}

export function readRuntimeSettings(dockerfilePath: string, buildArgs: Record<string, string> = {}): RuntimeSettings {
  const all = instructions(fs.readFileSync(dockerfilePath, 'utf8'));
  const lastFrom = all.map((i) => i.keyword).lastIndexOf('FROM');
  if (lastFrom < 0) throw new Error(`${dockerfilePath}: no FROM`);
  const args = new Map<string, string>();
  const expand = (v: string) => v.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, a: string, b: string) => args.get(a ?? b) ?? '');
  const settings: RuntimeSettings = { user: 'root', workdir: '/', env: {}, volumes: [], exposedPorts: [], stopSignal: 'SIGTERM', entrypoint: [], cmd: [] };
  for (const { keyword, args: rest } of all.slice(lastFrom + 1)) {
    switch (keyword) {
      case 'ARG': {
        const [name, def] = rest.includes('=') ? pairs(rest)[0] : [rest.trim(), ''];
        args.set(name, buildArgs[name] ?? def);
        break;
      }
      case 'ENV': for (const [k, v] of pairs(rest)) settings.env[k] = expand(v); break;
      case 'WORKDIR': settings.workdir = expand(rest.trim()); break;
      case 'USER': settings.user = expand(rest.trim()); break;
      case 'VOLUME': settings.volumes.push(...jsonArray(keyword, rest)); break;
      case 'EXPOSE': settings.exposedPorts.push(...rest.trim().split(/\s+/).map((p) => Number(p.replace(/\/tcp$/, '')))); break;
      case 'STOPSIGNAL': settings.stopSignal = rest.trim(); break;
      case 'ENTRYPOINT': settings.entrypoint = jsonArray(keyword, rest); break;
      case 'CMD': settings.cmd = jsonArray(keyword, rest); break;
      case 'RUN': case 'COPY': case 'LABEL': break; // file system contents: built by localImage.ts
      default: throw new Error(`${dockerfilePath}: the runtime stage uses ${keyword}, which test/image/dockerfileRuntime.ts does not understand`);
    }
  }
  return settings;
}
