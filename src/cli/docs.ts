/** docs/cli.md, generated from the tables of `options.ts` by scripts/gen-cli-doc.mjs. */
import { flagDetails, flagLabel, usageOf } from './help.ts';
import { commands, optionsOf } from './options.ts';
import type { CommandName, OptionName, OptionDef } from './options.ts';

const intro = `# autodevops command line

<!-- Generated from src/cli/options.ts by scripts/gen-cli-doc.mjs (run \`npx node scripts/gen-cli-doc.mjs\`). Do not edit by hand. -->

\`autodevops\` is a thin shell over the programmatic API (\`src/app-api.ts\`). Flags follow
[act](https://github.com/nektos/act) where they overlap.

## Exit codes

| Code | Meaning |
| --- | --- |
| 0 | Success; also a run left waiting for an approval, a signal or a timer |
| 1 | A run failed, was cancelled or needs a decision; or a system error |
| 2 | Bad input: command line, workflow file, secrets file, unknown run |
| 130 | Interrupted with Ctrl-C |

## Output

- **On a terminal** (stdout is a TTY and \`CI\` is not set), live commands (\`run\`, \`resume\`, \`retry\`,
  \`approve\`, \`signal\`) redraw a view in place: each job and step with its status and duration, and the last
  lines of the steps that are running (\`::group::\` blocks collapsed). A summary follows at the end.
- **Otherwise** they print plain, append-only lines: \`[job] ✓ step (1.2s)\`, and log lines prefixed by
  \`[job/index]\`.
- **With \`--json\`** they print one JSON object per line for each engine event, then a final
  \`{"kind":"result","exitCode":…,"runs":[…]}\`. Other commands print one JSON value. Errors are printed to
  stderr as \`{"error":{"code":…,"message":…,"hint":…,"diagnostics":[…]}}\`.
- Errors are printed as \`error[CODE]: message\`, then each problem as \`file:line:col: message\`, then \`hint: …\`.
- Colours are off when \`NO_COLOR\` is set, with \`--no-color\`, or when the output is not a terminal.

## Dotenv files

\`--secret-file\`, \`--var-file\` and \`--env-file\` read \`KEY=value\` lines. Blank lines and lines starting with \`#\`
are ignored; \`export KEY=value\` is accepted; values may be quoted with \`'…'\` (literal) or \`"…"\` (with \`\\n\`,
\`\\t\`, \`\\"\`, \`\\\\\` escapes), and quoted values may span lines. Flags on the command line win over the file.
A file that cannot be read or parsed stops the command with \`ADO_SECRETS_FILE_UNREADABLE\`, naming the file
and line.

## Ctrl-C

The first Ctrl-C asks the engine to cancel the run gracefully (running steps are stopped and recorded as
cancelled); the second exits at once with code 130. The run stays durable either way: \`autodevops resume\`
continues an interrupted run.
`;

/** The whole of docs/cli.md. */
export function renderCliMarkdown(): string {
  const names = Object.keys(commands) as CommandName[];
  const sections = names.map(commandSection);
  return [intro, '## Global flags', '', ...flagTable(optionsOf(undefined)), '', '## Commands', '', ...sections].join('\n');
}

function commandSection(command: CommandName): string {
  const def = commands[command];
  const own = optionsOf(command).filter(([, o]) => o.commands !== 'global');
  const lines = [`### \`${usageOf(command)}\``, '', `${def.summary}.`];
  if ('description' in def) lines.push('', def.description);
  if (def.args.length > 0) lines.push('', ...def.args.map((a) => `- \`${a.required ? `<${a.name}>` : `[${a.name}]`}\`${a.variadic ? ' (repeatable)' : ''}: ${a.description}`));
  if (own.length > 0) lines.push('', ...flagTable(own));
  lines.push('', '```sh', ...def.examples, '```', '');
  return lines.join('\n');
}

function flagTable(rows: Array<[OptionName, OptionDef]>): string[] {
  return [
    '| Flag | Type | Description |',
    '| --- | --- | --- |',
    ...rows.map(([name, def]) => `| \`${flagLabel(name, def).trim()}\` | ${typeLabel(def)} | ${flagDetails(def).replaceAll('|', '\\|')} |`),
  ];
}

function typeLabel(def: OptionDef): string {
  if (def.type === 'list') return 'list, repeatable';
  if (def.type === 'key-value') return 'key-value, repeatable';
  return def.type;
}
