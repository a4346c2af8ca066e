/**
 * Checks that GitHub's parser (0.3.61) leaves out or reports incompletely, run on the tree as YAML
 * read it. Found by experiment (see validate.test.ts):
 * - `needs`: the parser checks only when some job has no needs, so a workflow whose every job
 *   has needs gets one vague error; its cycle message does not name the cycle, and it blames jobs
 *   that merely depend on a cycle. We check unknown needs and cycles ourselves and drop its messages.
 * - step ids: the parser reports invalid ids, reserved `__` ids and exact duplicates, but compares
 *   case-sensitively, while expressions look `steps.<id>` up case-insensitively; we add that case.
 */
import type { Diagnostic } from '../core/errors.ts';
import { field, locate, scalarText } from './source-node.ts';
import type { Position, SourceNode, SourceScalar } from './source-node.ts';

interface JobNeeds {
  id: string;
  needs: Array<{ name: string; at: Position }>;
}

/** Positioned problems in `root` (the whole workflow document) that the parser does not report. */
export function validateWorkflowTree(file: string, root: SourceNode): Diagnostic[] {
  const jobsNode = field(root, 'jobs');
  if (jobsNode?.kind !== 'mapping') return [];
  if (jobsNode.entries.length === 0) return [{ location: locate(file, jobsNode), message: 'The workflow must define at least one job' }];
  const jobs = jobsNode.entries.map((e) => ({ id: e.key, needs: needsOf(e.value) }));
  return [...unknownNeeds(file, jobs), ...needsCycles(file, jobs), ...jobsNode.entries.flatMap((e) => stepIdCaseClashes(file, e.value))];
}

const superseded = [
  /^Job '.*' depends on unknown job '.*'\.$/s,
  /^Job '.*' depends on job '.*' which creates a cycle in the dependency graph\.$/s,
  /^The workflow must contain at least one job with no dependencies\.$/,
];

/** True for the parser's `needs` messages, which validateWorkflowTree replaces with complete ones. */
export function isSupersededByValidation(d: Diagnostic): boolean {
  return superseded.some((re) => re.test(d.message));
}

function needsOf(job: SourceNode): JobNeeds['needs'] {
  const node = field(job, 'needs');
  const items = node?.kind === 'sequence' ? node.items : node ? [node] : [];
  return items.filter((n): n is SourceScalar => n.kind === 'scalar' && typeof n.value === 'string').map((n) => ({ name: String(n.value), at: n }));
}

function unknownNeeds(file: string, jobs: JobNeeds[]): Diagnostic[] {
  const ids = new Set(jobs.map((j) => j.id));
  return jobs.flatMap((job) => job.needs.filter((n) => !ids.has(n.name)).map((n) => {
    const near = [...ids].find((id) => id.toLowerCase() === n.name.toLowerCase());
    const hint = near === undefined ? '' : ` (job ids are case-sensitive: did you mean '${near}'?)`;
    return { location: locate(file, n.at), message: `Job '${job.id}' depends on unknown job '${n.name}'${hint}` };
  }));
}

/** One diagnostic per dependency cycle found, naming it: `a -> b -> a`. */
function needsCycles(file: string, jobs: JobNeeds[]): Diagnostic[] {
  const stuck = jobsNeverReady(jobs);
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const onReportedCycle = new Set<string>();
  const result: Diagnostic[] = [];
  for (const job of jobs) {
    if (!stuck.has(job.id) || onReportedCycle.has(job.id)) continue;
    const cycle = walkToCycle(job.id, byId, stuck, onReportedCycle);
    if (cycle === undefined) continue;
    for (const id of cycle) onReportedCycle.add(id);
    result.push(cycleDiagnostic(file, cycle, byId, jobs));
  }
  return result;
}

/** Jobs that can never start because a chain of their needs comes back round (Kahn's algorithm). */
function jobsNeverReady(jobs: JobNeeds[]): Set<string> {
  const ids = new Set(jobs.map((j) => j.id));
  const waiting = new Map(jobs.map((j) => [j.id, new Set(j.needs.map((n) => n.name).filter((n) => ids.has(n)))]));
  const dependents = new Map<string, string[]>();
  for (const [id, needs] of waiting) {
    for (const n of needs) {
      if (!dependents.has(n)) dependents.set(n, []);
      dependents.get(n)!.push(id);
    }
  }
  const ready = jobs.filter((j) => waiting.get(j.id)!.size === 0).map((j) => j.id);
  for (let i = 0; i < ready.length; i++) {
    waiting.delete(ready[i]!);
    for (const id of dependents.get(ready[i]!) ?? []) {
      const needs = waiting.get(id);
      if (needs?.delete(ready[i]!) && needs.size === 0) ready.push(id);
    }
  }
  return new Set(waiting.keys());
}

/** Follows needs among stuck jobs until a job repeats; every stuck job has such a need. */
function walkToCycle(start: string, byId: Map<string, JobNeeds>, stuck: Set<string>, reported: Set<string>): string[] | undefined {
  const path: string[] = [];
  const seen = new Map<string, number>();
  let current: string | undefined = start;
  while (current !== undefined && !reported.has(current)) {
    const again = seen.get(current);
    if (again !== undefined) return path.slice(again);
    seen.set(current, path.length);
    path.push(current);
    current = byId.get(current)!.needs.map((n) => n.name).find((n) => stuck.has(n));
  }
  return undefined;
}

function cycleDiagnostic(file: string, cycle: string[], byId: Map<string, JobNeeds>, jobs: JobNeeds[]): Diagnostic {
  // Start the cycle at the job written first, so the message does not depend on where we began.
  const order = new Map(jobs.map((j, i) => [j.id, i]));
  const first = cycle.reduce((best, id, i) => (order.get(id)! < order.get(cycle[best]!)! ? i : best), 0);
  const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
  const from = rotated[0]!;
  const to = rotated[1] ?? from;
  const at = byId.get(from)!.needs.find((n) => n.name === to)!.at;
  return { location: locate(file, at), message: `Jobs form a dependency cycle (each needs the next): ${[...rotated, from].join(' -> ')}` };
}

/** Step ids equal but for case: distinct to the parser, the same `steps.<id>` to expressions. */
function stepIdCaseClashes(file: string, job: SourceNode): Diagnostic[] {
  const firstByLower = new Map<string, { id: string; at: Position }>();
  const exact = new Set<string>();
  const result: Diagnostic[] = [];
  const steps = field(job, 'steps');
  for (const step of steps?.kind === 'sequence' ? steps.items : []) {
    const idNode = field(step, 'id');
    const id = scalarText(idNode);
    // An exact repeat is the parser's to report.
    if (!id || exact.has(id)) continue;
    exact.add(id);
    const earlier = firstByLower.get(id.toLowerCase());
    if (earlier === undefined) {
      firstByLower.set(id.toLowerCase(), { id, at: idNode! });
      continue;
    }
    result.push({
      location: locate(file, idNode!),
      message: `The step id '${id}' clashes with '${earlier.id}' (line ${earlier.at.line}): step ids are case-insensitive in expressions`,
    });
  }
  return result;
}
