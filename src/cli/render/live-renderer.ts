/**
 * The terminal view: a frame redrawn in place (at most ~10 per second) showing each job and step
 * with its status and duration and the last log lines of running steps, then a static final tree
 * and the summary. The frame is a pure function of the models, tails and clock (`frame()`), so
 * tests assert on it without a terminal.
 */
import type { LogChunk } from '../../core/events.ts';
import type { EngineEvent, JobView, RunView, StepView } from '../../core/views.ts';
import type { Colors } from '../colors.ts';
import { stripAnsi } from '../colors.ts';
import { elapsed, statusSymbol } from './format.ts';
import { chunkLines, classify, terminalSafe } from './log-lines.ts';
import type { RunRenderer, TextOutput } from './renderer.ts';
import { RunModel } from './run-model.ts';
import { summaryLines, waitText } from './summary.ts';

type TailItem = { text: string; group?: { title: string; count: number } };

/** Options of the live view. */
export interface LiveRendererOptions {
  out: TextOutput;
  colors: Colors;
  now?: () => number;
  /** Milliseconds between redraws; 0 draws only when `draw()` is called (tests). */
  interval?: number;
  /** Log lines kept per running step. */
  tailLines?: number;
}

const hideCursor = '\x1b[?25l';
const showCursor = '\x1b[?25h';

/** The redrawn-in-place terminal view. */
export class LiveRenderer implements RunRenderer {
  readonly #out: TextOutput;
  readonly #c: Colors;
  readonly #now: () => number;
  readonly #interval: number;
  readonly #tailLines: number;
  readonly #models = new Map<string, RunModel>();
  readonly #tails = new Map<string, { items: TailItem[]; open?: TailItem }>();
  readonly #notes: string[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  #drawn: string[] = [];
  #cursorHidden = false;

  constructor(options: LiveRendererOptions) {
    this.#out = options.out;
    this.#c = options.colors;
    this.#now = options.now ?? Date.now;
    this.#interval = options.interval ?? 100;
    this.#tailLines = options.tailLines ?? 5;
  }

  begin(view: RunView): void {
    this.#models.set(view.id, new RunModel(view));
    this.draw();
    if (this.#interval > 0 && !this.#timer) {
      this.#timer = setInterval(() => this.draw(), this.#interval);
      this.#timer.unref();
    }
  }

  event(event: EngineEvent): void {
    const model = this.#models.get(event.runId);
    if (!model) return;
    if (event.kind === 'log') this.#log(event.runId, event.chunk);
    else if (event.kind === 'history') model.apply(event.event);
  }

  note(text: string): void {
    this.#notes.push(text);
    this.draw();
  }

  /** Redraws the frame if it changed. */
  draw(): void {
    const lines = this.#fit(this.frame());
    if (lines.join('\n') === this.#drawn.join('\n')) return;
    const prefix = this.#cursorHidden ? '' : hideCursor;
    this.#cursorHidden = true;
    this.#out.write(`${prefix}${this.#erase()}${lines.map((l) => `${l}\n`).join('')}`);
    this.#drawn = lines;
  }

  /** The current frame's lines, before fitting to the terminal. */
  frame(): string[] {
    const tick = Math.floor(this.#now() / 100);
    const lines: string[] = [];
    for (const model of this.#models.values()) lines.push(...this.#runLines(model, tick));
    return [...lines, ...this.#notes];
  }

  finish(views: RunView[]): void {
    this.#stop();
    const lines: string[] = [];
    for (const view of views) {
      const model = new RunModel(view);
      lines.push(...this.#runLines(model, undefined), '', ...summaryLines(view, this.#c, this.#now()), '');
    }
    this.#out.write(`${this.#erase()}${lines.map((l) => `${l}\n`).join('')}`);
    this.#drawn = [];
    this.dispose();
  }

  dispose(): void {
    this.#stop();
    if (this.#cursorHidden) this.#out.write(showCursor);
    this.#cursorHidden = false;
  }

  #stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #erase(): string {
    return this.#drawn.length === 0 ? '' : `\x1b[${this.#drawn.length}A\r\x1b[0J`;
  }

  /** Cuts lines to the terminal width and the frame to its height, so the cursor arithmetic holds. */
  #fit(lines: string[]): string[] {
    // A pseudo-terminal without a size reports 0.
    const width = Math.max(20, (this.#out.columns || 120) - 1);
    const height = Math.max(3, (this.#out.rows || 40) - 1);
    const cut = lines.map((l) => truncate(l, width));
    if (cut.length <= height) return cut;
    return [...cut.slice(0, height - 1), this.#c.dim(`… ${cut.length - height + 1} more lines`)];
  }

  #runLines(model: RunModel, tick: number | undefined): string[] {
    const { view } = model;
    const c = this.#c;
    const cancelling = model.cancelling ? c.yellow(` — cancelling: ${model.cancelling}`) : '';
    const head = `${statusSymbol(view.status, view.conclusion, c, tick)} ${c.bold(view.workflowName)} (${view.trigger.event}) ${c.dim(`· ${view.id}`)}${cancelling}`;
    const lines = [head];
    for (const job of view.jobs) lines.push(...this.#jobLines(view.id, job, tick));
    return lines;
  }

  #jobLines(runId: string, job: JobView, tick: number | undefined): string[] {
    const c = this.#c;
    const took = elapsed(job.startedAt, job.completedAt, this.#now());
    const lines = [`  ${statusSymbol(job.status, job.conclusion, c, tick)} ${job.name}${took ? `  ${c.dim(took)}` : ''}`];
    const open = job.status === 'running' || job.status === 'waiting' || job.conclusion === 'failure';
    if (!open) return lines;
    for (const step of job.steps) {
      const stepTook = step.conclusion === 'skipped' ? '' : elapsed(step.startedAt, step.completedAt, this.#now());
      lines.push(`    ${statusSymbol(step.status, step.conclusion, c, tick)} ${step.name}${stepTook ? `  ${c.dim(stepTook)}` : ''}`);
      if (step.status === 'running' && tick !== undefined) lines.push(...this.#tailOf(runId, step));
      if (step.status === 'waiting' && step.waitingFor) lines.push(...waitText(runId, job, step, c).map((l) => `    ${l}`));
      if (step.conclusion === 'failure' && step.error) lines.push(`      ${c.red(step.error)}`);
    }
    return lines;
  }

  #tailOf(runId: string, step: StepView): string[] {
    const tail = this.#tails.get(`${runId} ${step.key}`);
    if (!tail) return [];
    return tail.items.map((item) => {
      const text = item.group ? `▸ ${item.group.title}${item.group.count > 0 ? ` (${item.group.count} lines)` : ''}` : item.text;
      return `      ${this.#c.dim(`│ ${text}`)}`;
    });
  }

  #log(runId: string, chunk: LogChunk): void {
    const key = `${runId} ${chunk.stepKey}`;
    const tail = this.#tails.get(key) ?? { items: [] };
    this.#tails.set(key, tail);
    for (const raw of chunkLines(chunk)) {
      const line = classify(terminalSafe(raw));
      if (line.kind === 'endgroup') tail.open = undefined;
      else if (line.kind === 'group') {
        tail.open = { text: '', group: { title: line.title, count: 0 } };
        tail.items.push(tail.open);
      } else if (line.kind === 'marker') continue;
      else if (tail.open?.group) tail.open.group.count++;
      else tail.items.push({ text: line.text });
    }
    tail.items.splice(0, Math.max(0, tail.items.length - this.#tailLines));
  }
}

/** Cuts a line with ANSI colours to `width` visible characters. */
export function truncate(line: string, width: number): string {
  if (stripAnsi(line).length <= width) return line;
  let visible = 0;
  let out = '';
  for (let i = 0; i < line.length && visible < width - 1; i++) {
    const escape = /^\x1b\[[0-9;?]*[A-Za-z]/.exec(line.slice(i));
    if (escape) {
      out += escape[0];
      i += escape[0].length - 1;
    } else {
      out += line[i];
      visible++;
    }
  }
  return `${out}\x1b[0m…`;
}
