// `npm run image [-- --tag NAME:TAG] [--base-path /prefix] [--node-image REF]`: builds the
// Dockerfile with buildah, or with podman where buildah is missing. The base image is pulled
// from its registry; where none is reachable, test/image/localImage.ts builds an equivalent
// image from Debian's packages instead.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const DEFAULT_NODE_IMAGE = 'docker.io/library/node:20-bookworm-slim';

function fail(message) {
  console.error(`npm run image: ${message}`);
  process.exit(2);
}

const options = { tag: `localhost/spark-pod-dashboard:${version}`, 'base-path': '', 'node-image': '' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
  if (!m || !(m[1] in options)) fail(`unknown argument "${argv[i]}"; the settings are --tag NAME:TAG, --base-path /prefix and --node-image REF`);
  const value = m[2] ?? argv[++i];
  if (value === undefined) fail(`--${m[1]} needs a value`);
  options[m[1]] = value;
}

const has = (cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
const tool = has('buildah') ? 'buildah' : has('podman') ? 'podman' : null;
if (!tool) fail('neither buildah nor podman is installed; on Debian: apt-get install buildah (or podman)');

const args = ['build', '--tag', options.tag, '--file', path.join(root, 'Dockerfile'), '--build-arg', `BASE_PATH=${options['base-path']}`];
if (options['node-image']) args.push('--build-arg', `NODE_IMAGE=${options['node-image']}`);
args.push(root);
console.error(`npm run image: ${tool} ${args.join(' ')}`);

// The output streams through; its tail is kept to tell an unreachable registry from a failed build.
const child = spawn(tool, args, { stdio: ['ignore', 'inherit', 'pipe'] });
let tail = '';
child.stderr.on('data', (d) => {
  process.stderr.write(d);
  tail = (tail + d.toString()).slice(-4000);
});
child.on('exit', (code) => {
  if (code === 0) {
    console.error(`npm run image: built ${options.tag}`);
    return;
  }
  const nodeImage = options['node-image'] || DEFAULT_NODE_IMAGE;
  if (/pinging container registry|initializing source docker:|dial tcp|no such host|connection refused|i\/o timeout|TLS handshake|unauthorized|manifest unknown|short-name/i.test(tail)) {
    fail(`the base image ${nodeImage} could not be pulled (see above): is its registry reachable? --node-image names another copy of it (a mirror); without any registry, node --import tsx test/image/localImage.ts builds an equivalent image from Debian's packages.`);
  }
  fail(`${tool} build failed (exit ${code}); see the output above.`);
});
