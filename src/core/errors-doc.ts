/** Renders `docs/errors.md` from the error catalogue, so the two can never disagree. */
import { errorCatalogue } from './errors.ts';

const categoryText = { 'user-input': 'bad input (exit 2)', system: 'system (exit 1)', 'third-party': 'outside service (exit 1)' } as const;

/** The Markdown of docs/errors.md. */
export function renderErrorsMarkdown(): string {
  const lines = [
    '# Error codes',
    '',
    '<!-- Generated from src/core/errors.ts by `npm run docs:errors`; do not edit by hand. -->',
    '',
    'Every error autodevops reports carries a stable code, a category and a hint. On the command line it is printed as',
    '`error[CODE]: message`, followed by any `file:line:col: message` lines and `hint: …`; with `--json` it is one JSON object',
    '`{ code, category, message, hint, diagnostics }`. Bad input exits with 2, everything else with 1.',
    '',
    '| code | category | meaning | what to do |',
    '| --- | --- | --- | --- |',
  ];
  for (const [code, def] of Object.entries(errorCatalogue)) {
    lines.push(`| \`${code}\` | ${categoryText[def.category]} | ${def.title} | ${def.hint.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n') + '\n';
}
