/**
 * The run policy: before a run is created, every job that cannot run on this machine — a runs-on
 * label mapped to nowhere, Windows or macOS on another host, `container:`, `services:`, a Docker
 * container action — is either one ADO_UNSUPPORTED_LOCALLY error listing every problem with its
 * position, or, with `--skip-unsupported` (or a label mapped to `skip` in autodevops.yml), a job
 * the engine skips (RunOptions.skipJobs) with a warning. Nothing half-runs.
 */
import { AutodevopsError } from '../core/errors.ts';
import type { Diagnostic, SourceLocation } from '../core/errors.ts';
import type { InstancePlacement } from './job-placement.ts';
import type { JobSupport } from './job-support.ts';

/** What the run gets from the policy. */
export interface PolicyOutcome {
  /** Job id → why it is skipped (RunOptions.skipJobs). */
  skipJobs: Record<string, string>;
  /** Told to the user before the run starts. */
  warnings: string[];
}

/** One thing that keeps a job from running here. */
interface Problem {
  location: SourceLocation;
  /** `build` or `build (windows-latest, 20)`. */
  where: string;
  reason: string;
  fix?: string;
}

/** A job's problems: those that need the user's consent to skip, and those the configuration already skips. */
interface JobProblems {
  blocking: Problem[];
  configuredSkip: Problem[];
  /** Instances that can run, when only some of a matrix cannot. */
  runnable: number;
}

/**
 * Applies the policy to analysed jobs. Throws ADO_UNSUPPORTED_LOCALLY listing every problem
 * unless `skipUnsupported`; jobs with problems are then skipped with a warning.
 */
export function enforcePolicy(file: string, jobs: JobSupport[], options: { skipUnsupported: boolean }): PolicyOutcome {
  const outcome: PolicyOutcome = { skipJobs: {}, warnings: [] };
  const diagnostics: Diagnostic[] = [];
  let blockedJobs = 0;
  for (const analysed of jobs) {
    outcome.warnings.push(...undecided(analysed, ''));
    const problems = problemsOf(analysed);
    if (problems.blocking.length > 0 && !options.skipUnsupported) {
      blockedJobs++;
      diagnostics.push(...problems.blocking.map((p) => ({ location: p.location, message: `job ${p.where}: ${p.reason}.${p.fix ? ` ${p.fix}` : ''}` })));
      continue;
    }
    const skipped = [...problems.blocking, ...problems.configuredSkip];
    if (skipped.length === 0) continue;
    const why = skipReason(skipped, problems.blocking.length > 0);
    outcome.skipJobs[analysed.job.id] = why;
    outcome.warnings.push(`job ${analysed.job.id} is skipped: ${why}${problems.runnable > 0 ? partialNote(problems.runnable) : ''}`);
  }
  if (blockedJobs > 0) {
    throw new AutodevopsError('ADO_UNSUPPORTED_LOCALLY', `${file}: ${blockedJobs} job${blockedJobs === 1 ? '' : 's'} cannot run on this machine`, { diagnostics });
  }
  return outcome;
}

function problemsOf(analysed: JobSupport): JobProblems {
  const { job, placement } = analysed;
  const instances = placement.decided ? placement.instances : [];
  const jobWide: Problem[] = [
    ...analysed.blockers.map((b) => ({ location: job.location, where: job.id, reason: b.reason, fix: b.fix })),
    ...analysed.steps.filter((s) => s.support.container).map((s) => ({ location: s.step.location, where: job.id, reason: s.support.reason!, fix: s.support.fix })),
  ];
  // A called workflow's problems are the calling job's: its child run cannot skip single jobs.
  const inner = (analysed.called ?? []).map(problemsOf);
  const within = (pick: (p: JobProblems) => Problem[]): Problem[] => inner.flatMap((p) => pick(p).map((q) => ({ ...q, where: `${job.id} → ${q.where}` })));
  const blocking = [...groupInstances(instances.filter((i) => i.verdict === 'unsupported'), job.location), ...jobWide, ...within((p) => p.blocking)];
  const configuredSkip = [...groupInstances(instances.filter((i) => i.verdict === 'skip'), job.location), ...within((p) => p.configuredSkip)];
  const runnable = jobWide.length > 0 ? 0 : instances.filter((i) => i.verdict === 'local').length;
  return { blocking, configuredSkip, runnable };
}

/** Warnings for jobs whose runs-on only the run can decide, called workflows' jobs included. */
function undecided(analysed: JobSupport, prefix: string): string[] {
  const where = `${prefix}${analysed.job.id}`;
  const own = analysed.placement.decided ? [] : [`job ${where}: ${analysed.placement.reason}; it runs on this machine without a check of its labels`];
  return [...own, ...(analysed.called ?? []).flatMap((c) => undecided(c, `${where} → `))];
}

/** Instances with the same reason become one problem naming them all. */
function groupInstances(instances: InstancePlacement[], location: SourceLocation): Problem[] {
  const byReason = new Map<string, InstancePlacement[]>();
  for (const i of instances) byReason.set(i.reason ?? '', [...(byReason.get(i.reason ?? '') ?? []), i]);
  return [...byReason.entries()].map(([reason, group]) => ({ location, where: group.map((i) => i.name).join(', '), reason, fix: group[0]!.fix }));
}

function skipReason(problems: Problem[], unsupported: boolean): string {
  const reasons = [...new Set(problems.map((p) => p.reason))].join('; ');
  return unsupported ? `cannot run on this machine (--skip-unsupported): ${reasons}` : reasons;
}

function partialNote(runnable: number): string {
  return ` (the ${runnable} other matrix combination${runnable === 1 ? '' : 's'} could run, but single combinations cannot be skipped yet, so the whole job is)`;
}
