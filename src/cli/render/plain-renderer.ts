/**
 * Output for pipes and CI: append-only lines, `[job] ✓ step (1.2s)` for progress and
 * `[job/index] text` for log lines, then the summary. Never moves the cursor.
 */
import type { HistoryEvent, HistoryEventOf, LogChunk, WaitResult } from '../../core/events.ts';
import type { Conclusion } from '../../core/states.ts';
import type { EngineEvent, RunView } from '../../core/views.ts';
import type { Colors } from '../colors.ts';
import { conclusionSymbol, elapsed, formatDuration, statusSymbol } from './format.ts';
import { formatLogChunk } from './log-lines.ts';
import type { RunRenderer, TextOutput } from './renderer.ts';
import { RunModel } from './run-model.ts';
import { annotationText, summaryLines, waitText } from './summary.ts';

const pastTense: Record<Conclusion, string> = { success: 'succeeded', failure: 'failed', cancelled: 'cancelled', skipped: 'skipped' };

/** Plain-line output mode. */
export class PlainRenderer implements RunRenderer {
  readonly #out: TextOutput;
  readonly #c: Colors;
  readonly #now: () => number;
  readonly #models = new Map<string, RunModel>();

  constructor(options: { out: TextOutput; colors: Colors; now?: () => number }) {
    this.#out = options.out;
    this.#c = options.colors;
    this.#now = options.now ?? Date.now;
  }

  begin(view: RunView): void {
    this.#models.set(view.id, new RunModel(view));
    this.#line(`${this.#c.bold('▶')} ${view.workflowName} (${view.trigger.event}) · run ${view.id}`);
  }

  event(event: EngineEvent): void {
    const model = this.#models.get(event.runId);
    if (!model) return;
    if (event.kind === 'log') return this.#log(event.chunk);
    if (event.kind !== 'history') return;
    model.apply(event.event);
    for (const line of this.#describe(model, event.event)) this.#line(line);
  }

  note(text: string): void {
    this.#line(text);
  }

  finish(views: RunView[]): void {
    for (const view of views) this.#out.write(['', ...summaryLines(view, this.#c, this.#now()), ''].join('\n'));
  }

  dispose(): void {}

  #line(text: string): void {
    this.#out.write(`${text}\n`);
  }

  #log(chunk: LogChunk): void {
    for (const line of formatLogChunk(chunk, this.#c)) this.#line(line);
  }

  #describe(model: RunModel, e: HistoryEvent): string[] {
    const c = this.#c;
    switch (e.type) {
      case 'job.started':
        return [`[${e.jobKey}] ${c.cyan('▶')} job ${model.job(e.jobKey).name}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`];
      case 'job.completed': {
        const job = model.job(e.jobKey);
        const took = elapsed(job.startedAt, job.completedAt, this.#now());
        return [`[${e.jobKey}] ${conclusionSymbol(e.conclusion, c)} job ${pastTense[e.conclusion]}${took ? ` (${took})` : ''}${e.error ? `: ${e.error}` : ''}`];
      }
      case 'job.skipped':
        return [`[${e.jobId}] ${conclusionSymbol('skipped', c)} job skipped: ${e.reason}`];
      case 'job.retry-scheduled':
        return [`[${e.jobKey}] ↻ job will retry (attempt ${e.attempt}) in ${formatDuration(e.fireAt - e.at)}`];
      case 'step.started':
        return [`[${e.jobKey}] ${c.cyan('▶')} ${e.name}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`];
      case 'step.completed':
        return this.#stepCompleted(model, e);
      case 'step.retry-scheduled':
        return [`[${e.jobKey}] ↻ ${model.step(e.jobKey, e.index).name} failed: ${e.error.message}; attempt ${e.attempt} in ${formatDuration(e.fireAt - e.at)}`];
      case 'step.interrupted':
        return [`[${e.jobKey}] ${c.yellow('!')} ${model.step(e.jobKey, e.index).name} was interrupted`];
      case 'wait.started': {
        const found = model.findStep(e.stepKey)!;
        return waitText(model.view.id, found.job, found.step, c).map((l) => `[${found.job.key}] ${l.slice(2)}`);
      }
      case 'wait.completed':
        return [`[${e.stepKey}] ${c.cyan('▶')} wait ended: ${waitResultText(e.result)}`];
      case 'run.cancel-requested':
        return [`${c.yellow('■')} cancelling: ${e.reason}`];
      case 'run.needs-decision':
        return [`${statusSymbol('needs-decision', undefined, c)} step ${e.stepKey} needs a decision: ${e.reason}`];
      case 'run.decision':
        return [`decision on ${e.stepKey}: ${e.action} (by ${e.by})`];
      default:
        return [];
    }
  }

  #stepCompleted(model: RunModel, e: HistoryEventOf<'step.completed'>): string[] {
    const step = model.step(e.jobKey, e.index);
    const c = this.#c;
    const took = e.conclusion === 'skipped' ? 'skipped' : elapsed(step.startedAt, step.completedAt, this.#now());
    const lines = [`[${e.jobKey}] ${conclusionSymbol(e.conclusion, c)} ${step.name} (${took})`];
    if (e.error) lines.push(`[${e.jobKey}]   ${c.red(e.error.message)}`);
    for (const a of e.annotations ?? []) lines.push(`[${e.jobKey}]   ${annotationText(a, c)}`);
    return lines;
  }
}

/** `approved by alice`, `signal received`, `timer fired`, `timed out`. */
export function waitResultText(result: WaitResult): string {
  if (result.kind === 'approval') return `${result.approved ? 'approved' : 'rejected'} by ${result.by}${result.comment ? ` (${result.comment})` : ''}`;
  if (result.kind === 'signal') return 'signal received';
  if (result.kind === 'timer') return 'timer fired';
  return 'timed out';
}
