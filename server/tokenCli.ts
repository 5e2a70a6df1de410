// `npm run token -- --label lobby-wall --namespaces spark-etl,spark-ml [--clusters prod] --ttl 90d`
// issues a kiosk or portal token signed with the dashboard's token key (--token-key-file or
// TOKEN_KEY_FILE, the same file the dashboard reads). The token goes to stdout alone (for
// scripts); how to use it goes to stderr.

import { clustersProblem, labelProblem, namespacesProblem, parseTtl } from '../lib/access/kioskGrant';
import { readTokenKey, signKioskToken, TokenKeyError } from './access/kioskTokens';

const USAGE = `Usage: npm run token -- --label NAME --namespaces NS[,NS…|*] [--clusters ID[,ID…]] --ttl 90d [--token-key-file FILE] [--url DASHBOARD_URL]

  --label            names the token in /metrics and the audit log (e.g. lobby-wall)
  --namespaces       the namespaces it shows, comma-separated, or * for every namespace
  --clusters         the cluster ids it shows, comma-separated (default: every cluster)
  --ttl              how long it is valid: 30m, 12h, 90d (at most 730d)
  --token-key-file   the dashboard's token key (default: $TOKEN_KEY_FILE)
  --url              the dashboard's address, to print ready-made links`;

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Record<string, string> {
  const known = new Set(['label', 'namespaces', 'clusters', 'ttl', 'token-key-file', 'url']);
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') throw new UsageError('');
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    let name = arg.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) { value = name.slice(eq + 1); name = name.slice(0, eq); }
    if (!known.has(name)) throw new UsageError(`unknown option --${name}`);
    value ??= argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    out[name] = value;
  }
  return out;
}

const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.label) throw new UsageError('--label is required: it names the token in /metrics and the audit log');
  if (!args.namespaces) throw new UsageError('--namespaces is required: the namespaces the token shows (or * for every namespace)');
  if (!args.ttl) throw new UsageError('--ttl is required: how long the token is valid, e.g. 90d');
  const namespaces = list(args.namespaces);
  const clusters = args.clusters === undefined ? undefined : list(args.clusters);
  const problem = labelProblem(args.label) ?? namespacesProblem(namespaces) ?? (clusters ? clustersProblem(clusters) : null);
  if (problem) throw new UsageError(problem);
  const ttl = parseTtl(args.ttl);
  if (!ttl.ok) throw new UsageError(ttl.error);
  const keyFile = args['token-key-file'] ?? process.env.TOKEN_KEY_FILE;
  if (!keyFile) throw new UsageError('no key: pass --token-key-file FILE or set TOKEN_KEY_FILE (the file the dashboard reads with --token-key-file)');
  let base = '';
  if (args.url) {
    try { base = new URL(args.url).href.replace(/\/$/, ''); } catch { throw new UsageError(`--url "${args.url}" is not a URL`); }
  }
  const key = readTokenKey(keyFile);
  const token = await signKioskToken(key, { label: args.label, namespaces, ...(clusters ? { clusters } : {}) }, ttl.ms);
  process.stdout.write(`${token}\n`);
  const expires = new Date(Date.now() + ttl.ms).toISOString();
  process.stderr.write([
    '',
    `Token "${args.label}": read-only, ${namespaces.join(', ')} of ${clusters ? clusters.join(', ') : 'every cluster'}, valid until ${expires}.`,
    'Use it in the address of a wall or an embedded panel (the page keeps it and removes it from the address bar):',
    `  ${base || 'https://DASHBOARD'}/wall?token=${base ? token : 'TOKEN'}`,
    `  ${base || 'https://DASHBOARD'}/embed/overview?token=${base ? token : 'TOKEN'}`,
    `  ${base || 'https://DASHBOARD'}/embed/apps/CLUSTER/NAMESPACE/APP_ID/timeline?token=${base ? token : 'TOKEN'}`,
    'Changing the key file revokes every token it signed.',
    '',
  ].join('\n'));
}

main().catch((e) => {
  if (e instanceof UsageError) {
    process.stderr.write(e.message ? `npm run token: ${e.message}\n\n${USAGE}\n` : `${USAGE}\n`);
    process.exit(e.message ? 2 : 0);
  }
  if (e instanceof TokenKeyError) {
    process.stderr.write(`npm run token: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`npm run token failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
