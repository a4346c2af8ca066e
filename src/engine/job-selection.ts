/** `--job`: the selected jobs and, transitively, the jobs they need. */
import { AutodevopsError } from '../core/errors.ts';
import type { WorkflowDefinition } from '../dsl/model.ts';

const cache = new WeakMap<WorkflowDefinition, Map<string, Set<string>>>();

/** The set of job ids to run, or undefined for all. Throws for an unknown job id. */
export function selectJobs(workflow: WorkflowDefinition, selected: string[]): Set<string> | undefined {
  if (selected.length === 0) return undefined;
  const memo = cache.get(workflow) ?? new Map<string, Set<string>>();
  cache.set(workflow, memo);
  const key = selected.join('\0');
  const hit = memo.get(key);
  if (hit) return hit;
  const byId = new Map(workflow.jobs.map((j) => [j.id, j]));
  const out = new Set<string>();
  const visit = (id: string): void => {
    if (out.has(id)) return;
    const job = byId.get(id);
    if (!job) throw new AutodevopsError('ADO_USAGE', `--job ${id}: ${workflow.file} has no job "${id}"`, { hint: `Jobs: ${[...byId.keys()].join(', ')}` });
    out.add(id);
    job.needs.forEach(visit);
  };
  selected.forEach(visit);
  memo.set(key, out);
  return out;
}
