/**
 * The optional configuration file `autodevops.yml` in the working directory: approvers of
 * protected environments and the parallel job limit. Invalid content is an error naming the field.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { AutodevopsError } from '../core/errors.ts';

/** What the file may hold. */
export interface FileConfig {
  environments: Record<string, { approvers: string[] }>;
  maxParallelJobs?: number;
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
  const { environments = {}, 'max-parallel-jobs': maxParallelJobs, ...rest } = raw as Record<string, unknown>;
  for (const key of Object.keys(rest)) bad(key, 'unknown field; known fields are environments, max-parallel-jobs');
  if (maxParallelJobs !== undefined && (!Number.isInteger(maxParallelJobs) || (maxParallelJobs as number) < 1)) bad('max-parallel-jobs', 'expected a whole number ≥ 1');
  if (typeof environments !== 'object' || environments === null) bad('environments', 'expected a mapping of environment names');
  const envs: FileConfig['environments'] = {};
  for (const [name, rule] of Object.entries(environments as Record<string, unknown>)) {
    const approvers = (rule as { approvers?: unknown } | null)?.approvers;
    if (!Array.isArray(approvers) || !approvers.every((a) => typeof a === 'string')) bad(`environments.${name}.approvers`, 'expected a list of user names');
    envs[name] = { approvers: approvers as string[] };
  }
  return { environments: envs, maxParallelJobs: maxParallelJobs as number | undefined };
}
