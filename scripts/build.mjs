// Bundles src/ into dist/ with esbuild. Bundling is also how @actions/workflow-parser's
// `import schema from "./x.json"` (no import attribute, rejected by plain Node ESM) is made
// loadable: esbuild inlines the JSON. See docs/adr/0001-bundling.md.
import { build } from 'esbuild';

import { rmSync } from 'node:fs';

// A clean dist: stale chunks from earlier builds would otherwise pile up.
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  outExtension: { '.js': '.mjs' },
  sourcemap: true,
  packages: 'bundle',
  external: ['fsevents'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  // Migrations and queries are reviewed .sql files, bundled as text.
  loader: { '.sql': 'text' },
  logLevel: 'warning',
});
