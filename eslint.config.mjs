// Lint enforces what review would otherwise have to catch: the layer table of BRIEF.md
// (import direction), no import cycles, and no floating promises.
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';

/** Each layer may import only the folders listed (plus itself). */
const layers = {
  core: [],
  dsl: ['core'],
  engine: ['core', 'dsl'],
  store: ['core', 'engine/ports'],
  steps: ['core', 'engine/ports'],
  ai: ['core', 'engine/ports'],
  integrations: ['core', 'engine/ports'],
  observability: ['core', 'engine/ports'],
  server: ['core', 'engine', 'app-api.ts'],
  cli: ['core', 'app.ts', 'app-api.ts'],
};

const zones = Object.entries(layers).map(([layer, allowed]) => ({
  target: `./src/${layer}`,
  from: './src',
  except: [`./${layer}`, ...allowed.map((a) => `./${a}`)],
  message: `The layer table in BRIEF.md does not allow src/${layer} to import this.`,
}));

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '**/*.mjs', 'test/fixtures/**', 'examples/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { import: importPlugin },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.js'] } }, 'import/parsers': { '@typescript-eslint/parser': ['.ts'] } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import/no-cycle': 'error',
      'import/no-restricted-paths': ['error', { zones }],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'import/no-restricted-paths': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
