// Served under a path prefix behind a portal's reverse proxy when BASE_PATH is set at build
// time (npm start rebuilds when it changes); the server strips the same prefix.
const basePath = process.env.BASE_PATH || '';
// Each base path gets its own build directory, so builds for different paths never overwrite
// each other (the server reads the same variable to find its build).
const distDir = basePath ? `.next${basePath.replace(/[^A-Za-z0-9]+/g, '-')}` : '.next';

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
