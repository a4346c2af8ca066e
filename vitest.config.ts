import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [{ name: 'sql-text', transform(code, id) { if (id.endsWith('.sql')) return { code: 'export default ' + JSON.stringify(code), map: null } } }],
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // @actions/workflow-parser imports JSON without an import attribute; let Vite transform it
    // instead of handing it to Node's ESM loader (the build bundles it for the same reason).
    server: { deps: { inline: [/@actions\/workflow-parser/, /@actions\/expressions/] } },
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts', 'src/**/*.int.test.ts', 'src/**/testing/**'],
      reporter: ['text-summary', 'json-summary'],
    },
  },
});
