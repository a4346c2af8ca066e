/** `autodevops help`, `autodevops <cmd> --help`: text derived from the tables in `options.ts`. */
import { commands, optionsOf } from './options.ts';
import type { CommandName, OptionDef, OptionName } from './options.ts';

/** `autodevops show <run>`: the command with its positional arguments. */
export function usageOf(command: CommandName): string {
  const args = commands[command].args.map((a) => {
    const name = a.variadic ? `${a.name}...` : a.name;
    return a.required ? `<${name}>` : `[${name}]`;
  });
  return ['autodevops', command, ...args].join(' ');
}

/** `-j, --job <id>`: how a flag is written. */
export function flagLabel(name: OptionName, def: OptionDef): string {
  const long = `--${name}${def.type === 'boolean' ? '' : ` <${def.argument ?? 'value'}>`}`;
  return def.short ? `-${def.short}, ${long}` : `    ${long}`;
}

/** The description with its default and accepted values appended. */
export function flagDetails(def: OptionDef): string {
  const extra: string[] = [];
  if (def.choices) extra.push(`one of: ${def.choices.join(', ')}`);
  if (def.default !== undefined) extra.push(`default: ${String(def.default)}`);
  return extra.length === 0 ? def.description : `${def.description} (${extra.join('; ')})`;
}

/** The overview: every command and the global flags. */
export function renderHelp(version: string): string {
  const names = Object.keys(commands) as CommandName[];
  const rows = names.map((c): [string, string] => [usageOf(c).slice('autodevops '.length), commands[c].summary]);
  return [
    `autodevops ${version} — run GitHub Actions workflows locally, durably`,
    '',
    'Usage: autodevops <command> [arguments] [flags]',
    '',
    'Commands:',
    ...table(rows),
    '',
    'Global flags:',
    ...flagRows(undefined),
    '',
    'Exit codes: 0 success, 1 a run failed or a system error, 2 bad input, 130 interrupted.',
    'Run `autodevops help <command>` for the flags of one command.',
    '',
  ].join('\n');
}

/** Help for one command: usage, arguments, its own flags, global flags, examples. */
export function renderCommandHelp(command: CommandName): string {
  const def = commands[command];
  const own = flagRows(command);
  const args = def.args.map((a): [string, string] => [a.required ? `<${a.name}>` : `[${a.name}]`, a.description]);
  const lines = [`Usage: ${usageOf(command)} [flags]`, '', def.summary + '.'];
  if ('description' in def) lines.push('', ...wrap(def.description, 100));
  if (args.length > 0) lines.push('', 'Arguments:', ...table(args));
  if (own.length > 0) lines.push('', 'Flags:', ...own);
  lines.push('', 'Global flags:', ...flagRows(undefined), '', 'Examples:', ...def.examples.map((e) => `  ${e}`), '');
  return lines.join('\n');
}

/** Global flags when `command` is undefined, otherwise only that command's own flags. */
function flagRows(command: CommandName | undefined): string[] {
  const rows = optionsOf(command)
    .filter(([, def]) => (def.commands === 'global') === (command === undefined))
    .map(([name, def]): [string, string] => [flagLabel(name, def), flagDetails(def)]);
  return table(rows);
}

function table(rows: Array<[string, string]>): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`);
}

/** Breaks a paragraph into lines of at most `width` characters. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}
