/**
 * The text form of `autodevops validate --compat`: one tree per file, a line per job and per step
 * saying what runs it here, with the reason and the fix under anything that cannot run.
 *
 *     ci.yml: 2 jobs — 1 runs here, 1 cannot run (something cannot run)
 *     ├─ build (runs-on: ubuntu-latest): runs here
 *     │  ├─ actions/checkout@v4: built-in — replaced by the built-in actions/checkout
 *     │  └─ run: npm test: runs here — run: step (bash)
 *     └─ windows (runs-on: windows-latest): cannot run
 *           runs-on: windows-latest needs a Windows host (this machine is Linux x64)
 *           fix: Pass --skip-unsupported to skip it, or map the label in autodevops.yml …
 */
import type { FileCompat, InstanceCompat, JobCompat, StepCompat } from '../../app-api.ts';
import { formatDiagnostic } from '../../core/errors.ts';
import type { Colors } from '../colors.ts';

type Paint = (text: string) => string;

/** The whole report as text, ending with a newline. */
export function renderCompat(files: FileCompat[], c: Colors): string {
  return files.map((file) => renderFile(file, c)).join('');
}

function renderFile(file: FileCompat, c: Colors): string {
  if (file.diagnostics.length > 0) return `${file.file}: ${c.red('not a valid workflow')}\n${file.diagnostics.map((d) => `  ${formatDiagnostic(d)}\n`).join('')}`;
  const head = `${file.file}: ${file.jobs.length} job${file.jobs.length === 1 ? '' : 's'} — ${tally(file.jobs)}`;
  const lines = [file.runnable ? head : `${head} ${c.red('(something cannot run)')}`];
  file.jobs.forEach((job, i) => lines.push(...renderJob(job, i === file.jobs.length - 1, c)));
  return `${lines.join('\n')}\n`;
}

/** `1 runs here, 2 cannot run`: how many jobs have each verdict, in a fixed order. */
function tally(jobs: JobCompat[]): string {
  const words: Array<[JobCompat['verdict'], string, string]> = [
    ['local', 'runs here', 'run here'], ['partial', 'runs in part', 'run in part'], ['unsupported', 'cannot run', 'cannot run'],
    ['skip', 'is skipped', 'are skipped'], ['undecided', 'is decided at run time', 'are decided at run time'], ['call', 'calls a workflow', 'call workflows'],
  ];
  return words.flatMap(([verdict, one, many]) => {
    const n = jobs.filter((j) => j.verdict === verdict).length;
    return n === 0 ? [] : [`${n} ${n === 1 ? one : many}`];
  }).join(', ');
}

const jobWords: Record<JobCompat['verdict'], [string, keyof Omit<Colors, 'enabled'>]> = {
  local: ['runs here', 'green'],
  partial: ['some matrix combinations cannot run', 'yellow'],
  unsupported: ['cannot run', 'red'],
  skip: ['skipped', 'yellow'],
  undecided: ['decided when the run gets there', 'yellow'],
  call: ['calls a reusable workflow', 'cyan'],
};

function renderJob(job: JobCompat, last: boolean, c: Colors): string[] {
  const [word, color] = jobWords[job.verdict];
  const where = job.verdict === 'call' ? job.runsOn : `runs-on: ${job.runsOn}`;
  const indent = last ? '   ' : '│  ';
  const lines = [`${last ? '└─' : '├─'} ${c.bold(job.id)} (${where}): ${c[color](word)}`];
  const notes = [...job.problems, ...instanceNotes(job.instances)];
  for (const note of notes) lines.push(...explain(`${indent}   `, note.reason, note.fix, c));
  job.steps.forEach((step, i) => lines.push(...renderStep(step, i === job.steps.length - 1, indent, c)));
  const calls = job.calls ?? [];
  calls.forEach((called, i) => lines.push(...renderJob(called, i === calls.length - 1, c).map((line) => `${indent}${line}`)));
  return lines;
}

/** Instances that do not run here, named when there is more than one. */
function instanceNotes(instances: InstanceCompat[]): Array<{ reason: string; fix?: string }> {
  const named = instances.length > 1;
  return instances.filter((i) => i.verdict !== 'local').map((i) => ({ reason: `${named ? `${i.name}: ` : ''}${i.reason ?? ''}`, fix: i.fix }));
}

const stepWords: Record<StepCompat['verdict'], string> = {
  local: 'runs here',
  builtin: 'built-in',
  unsupported: 'cannot run',
  undecided: 'decided when the step starts',
};

function renderStep(step: StepCompat, last: boolean, indent: string, c: Colors): string[] {
  const paint: Record<StepCompat['verdict'], Paint> = { local: c.green, builtin: c.cyan, unsupported: c.red, undecided: c.yellow };
  const line = `${indent}${last ? '└─' : '├─'} ${step.name}: ${paint[step.verdict](stepWords[step.verdict])} — ${step.detail}`;
  if (step.reason === undefined) return [line];
  return [line, ...explain(`${indent}${last ? '   ' : '│  '}   `, step.reason, step.fix, c)];
}

function explain(indent: string, reason: string, fix: string | undefined, c: Colors): string[] {
  return [`${indent}${reason}`, ...(fix === undefined ? [] : [`${indent}${c.dim('fix:')} ${fix}`])];
}
