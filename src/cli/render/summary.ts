/**
 * The end-of-run summary shared by the live and plain modes: conclusion and duration, model usage
 * and cost, failed steps with their errors, annotations, what a waiting run waits for (with the command that continues
 * it), and where to look next.
 */
import type { Annotation } from '../../core/events.ts';
import type { JobView, RunView, StepView } from '../../core/views.ts';
import type { Colors } from '../colors.ts';
import { elapsed, formatUsage, statusSymbol } from './format.ts';

/** The summary lines of one run. */
export function summaryLines(view: RunView, c: Colors, now: number): string[] {
  const usage = view.usage && view.usage.calls > 0 ? [`  ${c.dim(`usage: ${formatUsage(view.usage)}`)}`] : [];
  return [headline(view, c, now), ...usage, ...failedLines(view, c), ...annotationLines(view, c), ...attentionLines(view, c), c.dim(`run ${view.id} · details: autodevops show ${view.id}`)];
}

function headline(view: RunView, c: Colors, now: number): string {
  const state = view.status === 'completed' ? (view.conclusion ?? 'completed') : view.status;
  const duration = elapsed(view.startedAt ?? view.createdAt, view.completedAt, now);
  const colour = state === 'success' ? c.green : state === 'failure' || state === 'needs-decision' ? c.red : c.yellow;
  return `${statusSymbol(view.status, view.conclusion, c)} ${c.bold(colour(state))}  ${view.workflowName} (${view.trigger.event})${duration ? ` in ${duration}` : ''}`;
}

/** `build › Run tests` */
export const stepTitle = (job: JobView, step: StepView): string => `${job.name} › ${step.name}`;

function failedLines(view: RunView, c: Colors): string[] {
  const lines: string[] = [];
  for (const job of view.jobs) {
    const failed = job.steps.filter((s) => s.conclusion === 'failure');
    for (const step of failed) lines.push(`  ${c.red('✗')} ${stepTitle(job, step)}${step.error ? `: ${step.error}` : ''}`);
    if (failed.length === 0 && job.conclusion === 'failure') lines.push(`  ${c.red('✗')} ${job.name} failed`);
  }
  return lines;
}

function annotationLines(view: RunView, c: Colors): string[] {
  const lines: string[] = [];
  for (const job of view.jobs) for (const step of job.steps) for (const a of step.annotations) lines.push(`  ${annotationText(a, c)}`);
  return lines;
}

/** `warning src/a.ts:3:5: message` (file part only when the annotation has one). */
export function annotationText(a: Annotation, c: Colors): string {
  const colour = a.level === 'error' ? c.red : a.level === 'warning' ? c.yellow : c.cyan;
  const where = a.file ? ` ${a.file}${a.line !== undefined ? `:${a.line}${a.col !== undefined ? `:${a.col}` : ''}` : ''}:` : ':';
  return `${colour(a.level)}${where} ${a.title ? `${a.title}: ` : ''}${a.message}`;
}

/** What the run waits for or needs a decision on, each with the command that continues it. */
export function attentionLines(view: RunView, c: Colors): string[] {
  return [...waitLines(view, c), ...decisionLines(view, c)];
}

function waitLines(view: RunView, c: Colors): string[] {
  const lines: string[] = [];
  for (const job of view.jobs) {
    for (const step of job.steps) if (step.waitingFor && step.status !== 'completed') lines.push(...waitText(view.id, job, step, c));
  }
  return lines;
}

/** What a waiting step waits for, and the command that ends the wait. */
export function waitText(runId: string, job: JobView, step: StepView, c: Colors): string[] {
  const w = step.waitingFor!;
  const title = `  ${c.yellow('⏸')} ${stepTitle(job, step)}`;
  const message = w.message ? `: ${w.message}` : '';
  if (w.kind === 'approval') {
    const by = w.approvers && w.approvers.length > 0 ? ` by ${w.approvers.join(', ')}` : '';
    return [`${title} waits for approval${by}${message}`, `    approve: ${c.bold(`autodevops approve ${runId}`)}`, `    reject:  autodevops approve ${runId} --reject`];
  }
  if (w.kind === 'signal') return [`${title} waits for signal "${w.signal ?? ''}"${message}`, `    send it: ${c.bold(`autodevops signal ${runId} ${w.signal ?? '<name>'}`)}`];
  const at = w.fireAt === undefined ? 'a timer' : new Date(w.fireAt).toISOString();
  return [`${title} waits until ${at}${message}`, `    continue after that: ${c.bold(`autodevops resume ${runId}`)}`];
}

function decisionLines(view: RunView, c: Colors): string[] {
  if (!view.needsDecision) return [];
  const { stepKey, reason } = view.needsDecision;
  return [`  ${c.red('!')} step ${stepKey} needs a decision: ${reason}`, `    decide: ${c.bold(`autodevops resume ${view.id} --decision retry|skip|fail`)}`];
}
