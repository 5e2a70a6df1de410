/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The server, tests and benches are type-checked by `tsc` in the test run; Next checks the pages.
  typescript: { tsconfigPath: 'tsconfig.next.json' },
};

export default nextConfig;
