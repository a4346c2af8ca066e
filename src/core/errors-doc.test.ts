import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCatalogue } from './errors.ts';
import { renderErrorsMarkdown } from './errors-doc.ts';

describe('docs/errors.md', () => {
  it('is generated from the catalogue and up to date (run `npm run docs:errors` if not)', () => {
    const committed = readFileSync(path.resolve(import.meta.dirname, '../../docs/errors.md'), 'utf8');
    expect(committed).toBe(renderErrorsMarkdown());
  });

  it('lists every code with its hint', () => {
    const md = renderErrorsMarkdown();
    for (const [code, def] of Object.entries(errorCatalogue)) {
      expect(md).toContain(`| \`${code}\` |`);
      expect(md).toContain(def.title);
    }
  });
});
