/**
 * `key=value` (and `key:value`) flag values. Messages never echo what follows the separator, since
 * that may be a secret.
 */
import { AutodevopsError } from '../core/errors.ts';

/** How one key-value flag reads its text. */
export interface KeyValueRule {
  separator: '=' | ':';
  /** A bare `KEY` takes its value from `env` (act's `-s NAME`). */
  bareFromEnv: boolean;
}

/** Splits `text` given to `flag` into key and value; throws ADO_ARGUMENT_INVALID naming the flag. */
export function parseKeyValue(flag: string, text: string, rule: KeyValueRule, env: Record<string, string | undefined>): [string, string] {
  const at = text.indexOf(rule.separator);
  if (at === -1) return [text, fromEnvironment(flag, text, rule, env)];
  const key = text.slice(0, at).trim();
  if (key === '') throw invalid(flag, `the name before "${rule.separator}" is empty`, rule);
  return [key, text.slice(at + 1)];
}

function fromEnvironment(flag: string, key: string, rule: KeyValueRule, env: Record<string, string | undefined>): string {
  if (!rule.bareFromEnv) throw invalid(flag, `expected name${rule.separator}value, got "${key}"`, rule);
  // Not a variable name: perhaps a value typed without its name, so do not echo it.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw invalid(flag, `expected NAME=value, or the NAME of an environment variable`, rule);
  const value = env[key];
  if (value === undefined) {
    throw new AutodevopsError('ADO_ARGUMENT_INVALID', `${flag} ${key}: ${key} is not set in the environment`, {
      hint: `Export ${key} first, or pass ${flag} ${key}=value.`,
    });
  }
  return value;
}

function invalid(flag: string, problem: string, rule: KeyValueRule): AutodevopsError {
  const example = rule.separator === ':' ? `${flag} node:22` : `${flag} NAME=value`;
  return new AutodevopsError('ADO_ARGUMENT_INVALID', `${flag}: ${problem}`, { hint: `Write it as ${example}.` });
}
