// One build directory per base path, so builds for different paths never overwrite each other.
// Shared by next.config.mjs (where Next writes), scripts/ensure-build.mjs and the server
// (where they look).

/** @param {string} basePath */
export function distDirFor(basePath) {
  return basePath ? `.next${basePath.replace(/[^A-Za-z0-9]+/g, '-')}` : '.next';
}
