// Writes docs/cli.md from the CLI's option tables (src/cli/options.ts), taken from the bundled
// build so the document describes exactly the program that ships. Builds dist/ first unless
// called with --no-build. src/cli/docs.test.ts fails when docs/cli.md is out of date.
import { writeFile } from 'node:fs/promises';

if (!process.argv.includes('--no-build')) await import('./build.mjs');
const { renderCliMarkdown } = await import('../dist/cli.mjs');
const target = new URL('../docs/cli.md', import.meta.url);
await writeFile(target, renderCliMarkdown());
console.log(`wrote ${target.pathname}`);
