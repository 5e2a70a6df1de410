// Where the pages of a build live and which version they are: one build directory per base
// path (scripts/distDir.mjs, shared with next.config.mjs), and an id that long-running
// displays compare to know when the server was upgraded.

import fs from 'node:fs';
import path from 'node:path';
import { distDirFor } from '../scripts/distDir.mjs';

export { distDirFor };

export interface BuildInfo {
  buildId: string;
  /** The base path the pages were built for, when a build exists. */
  basePath: string | null;
}

export function readBuildInfo(root: string, basePath: string, overrideId?: string): BuildInfo {
  const dir = path.join(root, distDirFor(basePath));
  const idFile = path.join(dir, 'BUILD_ID');
  const manifest = path.join(dir, 'routes-manifest.json');
  const buildId = overrideId || (fs.existsSync(idFile) ? fs.readFileSync(idFile, 'utf8').trim() : 'unbuilt');
  let builtFor: string | null = null;
  try {
    builtFor = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { basePath?: string }).basePath ?? '';
  } catch {
    builtFor = null;
  }
  return { buildId, basePath: builtFor };
}
