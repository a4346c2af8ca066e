// Writes docs/errors.md from the error catalogue (through the build, which bundles src/).
import { writeFileSync } from 'node:fs';
const { renderErrorsMarkdown } = await import('../dist/index.mjs');
writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorsMarkdown());
console.log('docs/errors.md written');
