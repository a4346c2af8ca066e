import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCliMarkdown } from './docs.ts';
import { commands, options } from './options.ts';

describe('docs/cli.md', () => {
  const markdown = renderCliMarkdown();

  it('documents every command and every flag from the option tables', () => {
    for (const name of Object.keys(commands)) expect(markdown).toContain(`### \`autodevops ${name}`);
    for (const name of Object.keys(options)) expect(markdown).toContain(`--${name}`);
    expect(markdown).toContain('| `-s, --secret <NAME=value>` | key-value, repeatable | A secret;');
    expect(markdown).toContain('| `--decision <action>` | string | What to do with an interrupted step that is not safe to repeat. (one of: retry, skip, fail) |');
    expect(markdown).toContain('- `[run]` (repeatable): Run ids or prefixes');
  });

  it('is up to date (regenerate with `npx node scripts/gen-cli-doc.mjs`)', () => {
    expect(readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8')).toBe(markdown);
  });
});
