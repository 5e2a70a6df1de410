// Builds the Next.js pages when they are missing or older than their sources, so that
// `npm start` on a fresh clone just works and a second start does not rebuild for nothing.
// The stamp is a hash of every input of `next build` plus the base path it was built for.

import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distDirFor } from './distDir.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const inputs = ['app', 'components', 'lib', 'public', 'next.config.mjs', 'scripts/distDir.mjs', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json'];
const basePath = process.env.BASE_PATH ?? '';
const distDir = distDirFor(basePath);
const stampFile = path.join(root, distDir, 'source-hash');

function hashInputs() {
  const hash = createHash('sha256');
  hash.update(`base-path=${process.env.BASE_PATH ?? ''}\n`);
  const walk = (p) => {
    const full = path.join(root, p);
    if (!fs.existsSync(full)) return;
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(full).sort()) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        walk(path.join(p, name));
      }
    } else if (!/\.test\.tsx?$/.test(p)) {
      hash.update(p + '\0');
      hash.update(fs.readFileSync(full));
    }
  };
  for (const p of inputs) walk(p);
  return hash.digest('hex');
}

const wanted = hashInputs();
const have = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').trim() : '';
if (have === wanted && fs.existsSync(path.join(root, distDir, 'BUILD_ID'))) {
  process.exit(0);
}
console.error(`Building the dashboard pages (next build${basePath ? `, base path ${basePath}` : ''})…`);
const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
if (result.status !== 0) {
  console.error('next build failed; see the output above.');
  process.exit(result.status ?? 1);
}
fs.writeFileSync(stampFile, wanted + '\n');
