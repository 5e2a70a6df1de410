import { distDirFor } from './scripts/distDir.mjs';

// Served under a path prefix behind a portal's reverse proxy when BASE_PATH is set at build
// time (npm start rebuilds when it changes); the server strips the same prefix.
const basePath = process.env.BASE_PATH || '';
const distDir = distDirFor(basePath);

/** @type {import('next').NextConfig} */
const nextConfig = {
  basePath: basePath || undefined,
  distDir,
  env: { NEXT_PUBLIC_BASE_PATH: basePath },
  reactStrictMode: true,
  poweredByHeader: false,
  // The server, tests and benches are type-checked by `tsc` in the test run; Next checks the pages.
  typescript: { tsconfigPath: 'tsconfig.next.json' },
};

export default nextConfig;
