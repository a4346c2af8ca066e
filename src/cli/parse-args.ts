/**
 * The command-line parser, driven entirely by the tables of `options.ts`. Hand-written rather than
 * `node:util` parseArgs because it needs key=value maps, act's `-s NAME`, comma lists and errors
 * that name the flag and the command.
 */
import { AutodevopsError } from '../core/errors.ts';
import { closest } from './closest.ts';
import { parseKeyValue } from './key-value.ts';
import { commands, isCommand, options, optionsOf } from './options.ts';
import type { CommandName, Flags, OptionDef, OptionName } from './options.ts';

/** What the command line asks for. */
export interface ParsedArgs {
  command: CommandName | undefined;
  positionals: string[];
  flags: Flags;
}

type Store = Record<string, string | number | boolean | string[] | Record<string, string>>;

const byShort = new Map<string, OptionName>(
  (Object.entries(options) as Array<[OptionName, OptionDef]>).flatMap(([name, def]) => (def.short ? [[def.short, name]] : [])),
);

/** Parses argv (without node and script). Throws ADO_USAGE / ADO_ARGUMENT_INVALID naming the flag. */
export function parseArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): ParsedArgs {
  const words: string[] = [];
  const store: Store = {};
  const given: OptionName[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (token.startsWith('-') && token !== '-') i += readFlag(argv, i, store, given, env);
    else words.push(token);
  }
  const [first, ...positionals] = words;
  const command = commandOf(first);
  const flags = store as Flags;
  checkFlagsAllowed(command, given);
  if (command && !flags.help && !flags.version && command !== 'help') checkPositionals(command, positionals);
  return { command, positionals, flags };
}

function commandOf(word: string | undefined): CommandName | undefined {
  if (word === undefined) return undefined;
  if (isCommand(word)) return word;
  const guess = closest(word, Object.keys(commands));
  throw new AutodevopsError('ADO_USAGE', `unknown command "${word}"${guess ? ` (did you mean "${guess}"?)` : ''}`, {
    hint: `Commands: ${Object.keys(commands).join(', ')}. Run \`autodevops help\` for more.`,
  });
}

/** Reads the flag at argv[i] into store; returns how many extra tokens it consumed. */
function readFlag(argv: readonly string[], i: number, store: Store, given: OptionName[], env: Record<string, string | undefined>): number {
  const token = argv[i]!;
  if (!token.startsWith('--')) return readShortFlags(argv, i, store, given, env);
  const eq = token.indexOf('=');
  const name = eq === -1 ? token.slice(2) : token.slice(2, eq);
  const option = lookup(name, `--${name}`);
  given.push(option);
  if (eq === -1) return takeValue(option, `--${name}`, argv[i + 1], store, env);
  assign(option, `--${name}`, token.slice(eq + 1), store, env);
  return 0;
}

/** `-f`, `-j build`, `-jbuild`, `-fh`. */
function readShortFlags(argv: readonly string[], i: number, store: Store, given: OptionName[], env: Record<string, string | undefined>): number {
  const token = argv[i]!;
  for (let c = 1; c < token.length; c++) {
    const letter = token[c]!;
    const option = byShort.get(letter);
    if (!option) throw unknownFlag(`-${letter}`, []);
    given.push(option);
    const rest = token.slice(c + 1).replace(/^=/, '');
    if (options[option].type === 'boolean') {
      store[option] = true;
      continue;
    }
    if (rest === '') return takeValue(option, `-${letter}`, argv[i + 1], store, env);
    assign(option, `-${letter}`, rest, store, env);
    return 0;
  }
  return 0;
}

function takeValue(option: OptionName, flag: string, next: string | undefined, store: Store, env: Record<string, string | undefined>): number {
  if (options[option].type === 'boolean') {
    store[option] = true;
    return 0;
  }
  if (next === undefined || (next.startsWith('-') && next !== '-')) {
    throw new AutodevopsError('ADO_USAGE', `${flag} needs a value (${placeholder(option)})`);
  }
  assign(option, flag, next, store, env);
  return 1;
}

function assign(option: OptionName, flag: string, text: string, store: Store, env: Record<string, string | undefined>): void {
  const def: OptionDef = options[option];
  if (def.type === 'boolean') throw new AutodevopsError('ADO_USAGE', `${flag} takes no value`);
  if (def.type === 'number') store[option] = toNumber(flag, text);
  else if (def.type === 'list') store[option] = [...((store[option] as string[] | undefined) ?? []), ...toList(flag, text, def)];
  else if (def.type === 'key-value') {
    const [key, value] = parseKeyValue(flag, text, { separator: def.separator ?? '=', bareFromEnv: def.bareFromEnv ?? false }, env);
    store[option] = { ...((store[option] as Record<string, string> | undefined) ?? {}), [key]: value };
  } else store[option] = checkChoice(flag, text, def);
}

function toNumber(flag: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) throw new AutodevopsError('ADO_USAGE', `${flag} expects a positive whole number, got "${text}"`);
  return n;
}

function toList(flag: string, text: string, def: OptionDef): string[] {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new AutodevopsError('ADO_USAGE', `${flag} needs a value (${def.argument ?? 'value'})`);
  return items.map((item) => checkChoice(flag, item, def));
}

function checkChoice(flag: string, value: string, def: OptionDef): string {
  if (def.choices && !def.choices.includes(value)) {
    throw new AutodevopsError('ADO_USAGE', `${flag} does not accept "${value}"; use one of: ${def.choices.join(', ')}`);
  }
  return value;
}

function lookup(name: string, flag: string): OptionName {
  if (Object.hasOwn(options, name)) return name as OptionName;
  throw unknownFlag(flag, Object.keys(options).map((k) => `--${k}`));
}

function unknownFlag(flag: string, known: string[]): AutodevopsError {
  const guess = closest(flag, known);
  return new AutodevopsError('ADO_USAGE', `unknown flag ${flag}${guess ? ` (did you mean ${guess}?)` : ''}`);
}

function checkFlagsAllowed(command: CommandName | undefined, given: OptionName[]): void {
  const allowed = new Set(optionsOf(command).map(([name]) => name));
  for (const name of given) {
    if (allowed.has(name)) continue;
    const where = command ? `autodevops ${command}` : 'autodevops without a command';
    const owners = options[name].commands as readonly string[];
    throw new AutodevopsError('ADO_USAGE', `--${name} is not a flag of ${where}; it belongs to: ${owners.join(', ')}`);
  }
}

function checkPositionals(command: CommandName, positionals: string[]): void {
  const args = commands[command].args;
  const required = args.filter((a) => a.required);
  const variadic = args.some((a) => a.variadic);
  if (positionals.length < required.length) {
    const missing = required.slice(positionals.length).map((a) => `<${a.name}>`);
    throw new AutodevopsError('ADO_USAGE', `autodevops ${command} needs ${missing.join(' ')}`);
  }
  if (!variadic && positionals.length > args.length) {
    throw new AutodevopsError('ADO_USAGE', `autodevops ${command}: unexpected argument "${positionals[args.length]}"`);
  }
}

function placeholder(option: OptionName): string {
  const def: OptionDef = options[option];
  return def.argument ?? 'value';
}
