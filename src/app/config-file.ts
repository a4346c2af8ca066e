/**
 * The optional configuration file `autodevops.yml` in the working directory: approvers of
 * protected environments, the parallel job limit and the built-in actions to disable. Invalid
 * content is an error naming the field.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { AutodevopsError } from '../core/errors.ts';
import type { AiSection } from '../ai/steps/index.ts';
import { builtinActions } from '../steps/builtin/index.ts';
import { parseRunsOnTable, type RunsOnTable } from './runs-on.ts';

/** What the file may hold. */
export interface FileConfig {
  environments: Record<string, { approvers: string[] }>;
  maxParallelJobs?: number;
  /** Built-in actions left out: `builtins: { disable: [actions/cache] }`. */
  builtins?: { disable: string[] };
  /** `runs-on: { <label>: local | skip | error }`, keys lower-cased (see runs-on.ts). */
  runsOn?: RunsOnTable;
  /** The `ai:` section: model provider, sandbox and budgets of the AI steps. */
  ai?: AiSection;
}

/** Reads `<cwd>/autodevops.yml` if it exists. */
export async function loadConfigFile(cwd: string): Promise<FileConfig> {
  const file = path.join(cwd, 'autodevops.yml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { environments: {} };
  }
  const bad = (field: string, why: string): never => {
    throw new AutodevopsError('ADO_CONFIG_INVALID', `${file}: ${field}: ${why}`);
  };
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100 });
  } catch (e) {
    return bad('(file)', (e as Error).message);
  }
  if (raw === null || raw === undefined) return { environments: {} };
  if (typeof raw !== 'object' || Array.isArray(raw)) return bad('(file)', 'expected a mapping');
  const { environments = {}, 'max-parallel-jobs': maxParallelJobs, builtins, 'runs-on': runsOn, ai, ...rest } = raw as Record<string, unknown>;
  for (const key of Object.keys(rest)) bad(key, 'unknown field; known fields are environments, max-parallel-jobs, builtins, runs-on, ai');
  if (maxParallelJobs !== undefined && (!Number.isInteger(maxParallelJobs) || (maxParallelJobs as number) < 1)) bad('max-parallel-jobs', 'expected a whole number ≥ 1');
  if (typeof environments !== 'object' || environments === null) bad('environments', 'expected a mapping of environment names');
  const envs: FileConfig['environments'] = {};
  for (const [name, rule] of Object.entries(environments as Record<string, unknown>)) {
    const approvers = (rule as { approvers?: unknown } | null)?.approvers;
    if (!Array.isArray(approvers) || !approvers.every((a) => typeof a === 'string')) bad(`environments.${name}.approvers`, 'expected a list of user names');
    envs[name] = { approvers: approvers as string[] };
  }
  return { environments: envs, maxParallelJobs: maxParallelJobs as number | undefined, ...(builtins !== undefined && { builtins: parseBuiltins(builtins, bad) }), runsOn: parseRunsOnTable(runsOn, bad),
    // zod (for the ai: section's schema) is loaded only when the file has one.
    ...(ai !== undefined && { ai: (await import('../ai/steps/runtime-config.ts')).parseAiSection(ai, file) }) };
}

/** `builtins: { disable: [actions/cache, …] }`: names must be built-ins (`autodevops actions` lists them). */
function parseBuiltins(value: unknown, bad: (field: string, why: string) => never): { disable: string[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('builtins', 'expected a mapping with a disable list');
  const { disable = [], ...rest } = value as Record<string, unknown>;
  for (const key of Object.keys(rest)) bad(`builtins.${key}`, 'unknown field; the known field is disable');
  if (!Array.isArray(disable) || !disable.every((n) => typeof n === 'string')) return bad('builtins.disable', 'expected a list of action names, e.g. [actions/cache]');
  for (const name of disable) {
    if (!Object.hasOwn(builtinActions, name.toLowerCase())) bad('builtins.disable', `"${name}" is not a built-in action; the built-ins are ${Object.keys(builtinActions).join(', ')}`);
  }
  return { disable: disable.map((n) => n.toLowerCase()) };
}
