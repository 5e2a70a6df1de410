// `npm start`: builds the pages when needed (for the base path asked for), then runs the
// server with every argument given, forwarding signals so that stopping `npm start` stops
// the dashboard. --base-path (or BASE_PATH) is read here because Next.js fixes it at build time.

import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const env = { ...process.env };
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--base-path' && i + 1 < args.length) env.BASE_PATH = args[i + 1];
  else if (args[i].startsWith('--base-path=')) env.BASE_PATH = args[i].slice('--base-path='.length);
}

const wantsHelp = args.includes('--help') || args.includes('-h');
if (!wantsHelp) {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/ensure-build.mjs')], { cwd: root, stdio: 'inherit', env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts'), ...args], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
