// Bundles src/ into dist/ with esbuild. Bundling is also how @actions/workflow-parser's
// `import schema from "./x.json"` (no import attribute, rejected by plain Node ESM) is made
// loadable: esbuild inlines the JSON. See docs/adr/0001-bundling.md.
import { build } from 'esbuild';

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// A clean dist: stale chunks from earlier builds would otherwise pile up.
rmSync('dist', { recursive: true, force: true });
const { outputFiles } = await build({
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
  write: false,
});
for (const file of outputFiles) {
  mkdirSync(path.dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.path.endsWith('.mjs') ? asciiOnly(file.text) : file.contents);
}

/**
 * V8 keeps a module's source text for the life of the process (functions compile lazily from it),
 * two bytes per character as soon as one character is not Latin-1. esbuild escapes such characters
 * in code but copies comments as written, so a single `→` in a comment doubled the main chunk's
 * resident source (1.2 MB more in every process). Escaped, every chunk stays one byte per character.
 */
function asciiOnly(text) {
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
