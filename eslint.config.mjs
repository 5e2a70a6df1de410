// ESLint, flat config, with typescript-eslint's parser. Its job here is the architecture: the
// import boundaries of the layout (lib/ is pure and imports nothing of ours outside lib/ nor
// any Node module; components/ and app/ never reach the server or the simulator; server/
// reaches the simulator only from its composition root). Type errors are tsc's job.

import { builtinModules } from 'node:module';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const relativeInto = (dirs) => `^(\\.\\.?/)+(${dirs.join('|')})(/|$)`;
const nodeModules = [...builtinModules.filter((m) => !m.startsWith('_')), ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/**', '.next*/**', 'artifacts/**', 'test-results/**', '.sim*/**', 'next-env.d.ts', 'tmp/**'] },
  {
    files: ['**/*.{ts,tsx,mjs}'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  },
  {
    // The rules of hooks: a hook called conditionally, or an effect that misses what it reads, is a bug.
    files: ['components/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeModules.map((name) => ({ name, message: 'lib/ is pure logic shared with the browser: no Node modules (do the I/O in server/).' })),
        patterns: [{ regex: relativeInto(['server', 'sim', 'components', 'app']), message: 'lib/ imports only lib/: move the dependency into lib/, or the code out of it.' }],
      }],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: relativeInto(['server', 'sim']), message: 'The UI reaches the server through the JSON API and the socket, never by importing it.' }],
      }],
    },
  },
  {
    files: ['server/**/*.ts'],
    ignores: ['server/main.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: relativeInto(['sim']), message: 'Only server/main.ts (the composition root) may start the simulator; the rest of server/ speaks to any cluster through the Kubernetes API.' }],
      }],
    },
  },
);
