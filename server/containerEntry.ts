// The container image's entry point (Dockerfile ENTRYPOINT): applies the image's cluster
// default, then runs the server exactly as `npm start` does, in this process (so that the
// signal tini forwards reaches the server's own shutdown).

import fs from 'node:fs';
import { SERVICE_ACCOUNT_TOKEN, watchesOwnClusterByDefault } from './containerClusterDefault';

if (watchesOwnClusterByDefault(process.argv.slice(2), process.env, fs.existsSync(SERVICE_ACCOUNT_TOKEN))) {
  process.env.IN_CLUSTER = 'true';
}
await import('./main');
