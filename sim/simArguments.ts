// The arguments of `npm run sim`: its own two (--no-workload, --target-kubeconfig FILE) taken
// out, everything else left for the dashboard's settings table.

import { ConfigError } from '../server/config';

export interface SimArguments {
  noWorkload: boolean;
  target: string | undefined;
  settings: string[];
}

export function parseSimArguments(argv: readonly string[]): SimArguments {
  const targetAt = argv.indexOf('--target-kubeconfig');
  const target = targetAt >= 0 ? argv[targetAt + 1] : undefined;
  if (targetAt >= 0 && (!target || target.startsWith('--'))) throw new ConfigError('--target-kubeconfig needs the path of a kubeconfig file.');
  return {
    noWorkload: argv.includes('--no-workload'),
    target,
    settings: argv.filter((a, i) => a !== '--no-workload' && (targetAt < 0 || (i !== targetAt && i !== targetAt + 1))),
  };
}
