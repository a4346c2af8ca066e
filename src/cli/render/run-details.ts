/**
 * `autodevops show <run>`: the whole run — header, what it waits for or needs, then each job with
 * its steps, durations, model usage and cost, errors, outputs, annotations and step summary.
 */
import type { JobView, RunView, StepView } from '../../core/views.ts';
import type { Colors } from '../colors.ts';
import { elapsed, formatUsage, statusSymbol } from './format.ts';
import { annotationText, attentionLines } from './summary.ts';

/** The text of `show`, ending with a newline. */
export function renderRunDetails(view: RunView, c: Colors, now: number): string {
  const state = view.status === 'completed' ? `completed · ${view.conclusion ?? 'unknown'}` : view.interrupted ? `interrupted (was ${view.status}; continue with: autodevops resume ${view.id})` : view.status;
  const took = elapsed(view.startedAt, view.completedAt, now);
  const lines = [
    `${c.bold(`Run ${view.id}`)}  ${view.workflowName} (${view.workflowFile})`,
    `event: ${view.trigger.event}   status: ${state}   created: ${new Date(view.createdAt).toISOString()}${took ? `   duration: ${took}` : ''}`,
    ...inputLines(view),
    ...(view.traceId ? [`trace: ${view.traceId}`] : []),
    ...(view.usage && view.usage.calls > 0 ? [`usage: ${formatUsage(view.usage)}`] : []),
    ...attentionLines(view, c).map((l) => l.slice(2)),
    '',
    ...view.jobs.flatMap((job) => jobLines(job, c, now)),
    ...artifactLines(view),
  ];
  return `${lines.join('\n')}\n`;
}

/** The run's artifacts (actions/upload-artifact), with their size and number of files. */
function artifactLines(view: RunView): string[] {
  if (!view.artifacts?.length) return [];
  const width = Math.max(...view.artifacts.map((a) => a.name.length));
  return ['artifacts:', ...view.artifacts.map((a) => `  ${a.name.padEnd(width)}  ${a.files} file${a.files === 1 ? '' : 's'}, ${formatBytes(a.size)}`), ''];
}

/** 1234 → `1.2 kB`, as sizes are shown for artifacts. */
function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  for (; value >= 1000 && unit < units.length - 1; unit++) value /= 1000;
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

function inputLines(view: RunView): string[] {
  const inputs = Object.entries(view.trigger.inputs);
  return inputs.length === 0 ? [] : [`inputs: ${inputs.map(([k, v]) => `${k}=${String(v)}`).join(' ')}`];
}

function jobLines(job: JobView, c: Colors, now: number): string[] {
  const took = elapsed(job.startedAt, job.completedAt, now);
  const state = job.status === 'completed' ? (job.conclusion ?? '') : job.status;
  const needs = job.needs.length > 0 ? c.dim(`  needs: ${job.needs.join(', ')}`) : '';
  const lines = [`${statusSymbol(job.status, job.conclusion, c)} ${c.bold(job.name)}  ${state}${took ? `  ${took}` : ''}${needs}`];
  for (const step of job.steps) lines.push(...stepLines(step, c, now));
  lines.push(...outputLines(job.outputs, '    '));
  if (job.summary) lines.push('    summary:', ...job.summary.trimEnd().split('\n').map((l) => `      ${l}`));
  lines.push('');
  return lines;
}

function stepLines(step: StepView, c: Colors, now: number): string[] {
  const took = step.conclusion === 'skipped' ? '' : elapsed(step.startedAt, step.completedAt, now);
  const attempt = step.attempt > 1 ? c.dim(`  attempt ${step.attempt}`) : '';
  const continued = step.outcome === 'failure' && step.conclusion === 'success' ? c.yellow('  failed, continue-on-error') : '';
  const lines = [`    ${statusSymbol(step.status, step.conclusion, c)} ${step.name}${took ? `  ${c.dim(took)}` : ''}${attempt}${continued}  ${c.dim(step.key)}`];
  if (step.usage && step.usage.calls > 0) lines.push(`        ${c.dim(`usage: ${formatUsage(step.usage)}`)}`);
  if (step.error) lines.push(`        ${c.red(`error: ${step.error}`)}`);
  lines.push(...outputLines(step.outputs, '        '));
  for (const a of step.annotations) lines.push(`        ${annotationText(a, c)}`);
  return lines;
}

function outputLines(outputs: Record<string, string>, indent: string): string[] {
  const entries = Object.entries(outputs);
  if (entries.length === 0) return [];
  return [`${indent}outputs:`, ...entries.map(([k, v]) => `${indent}  ${k}=${v.includes('\n') ? JSON.stringify(v) : v}`)];
}
