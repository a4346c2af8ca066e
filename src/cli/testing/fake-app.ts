/**
 * An in-memory App for the CLI's tests: it plays recorded runs (events, then the final view),
 * keeps the calls it received, and answers queries from what it holds. It stands in for
 * `src/app.ts`, which the CLI only drives; the end-to-end tests use the real one.
 */
import type { App, FileCompat, FileValidation, RunHandle, RunListItem, DoOutcome, DoRequest, RunRequest } from '../../app-api.ts';
import { AutodevopsError } from '../../core/errors.ts';
import type { LogChunk } from '../../core/events.ts';
import type { EngineEvent, RunView } from '../../core/views.ts';
import type { RecordedRun } from './fixtures.ts';

/** A method call the fake received. */
export type Call = [method: string, ...args: unknown[]];

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The fake App. Set `next` to the run that the next start/retry/resume/approve/signal plays. */
export class FakeApp implements App {
  readonly dataDir = '/fake/.autodevops';
  readonly calls: Call[] = [];
  readonly runs = new Map<string, RunView>();
  readonly logs: LogChunk[] = [];
  validations: FileValidation[] = [];
  compatibility: FileCompat[] = [];
  next: RecordedRun | undefined;
  /** The played run ends only once cancelled (its final view must then be cancelled). */
  endOnlyWhenCancelled = false;
  /** followLogs keeps following until its signal aborts. */
  followForever = false;
  /** approve/signal answer undefined (another process owns the run). */
  ownedElsewhere = false;
  closed = false;
  readonly #listeners = new Set<{ runId: string | undefined; listener: (e: EngineEvent) => void }>();
  #cancelled: () => void = () => undefined;

  async validate(paths: string[]): Promise<FileValidation[]> {
    this.calls.push(['validate', paths]);
    return this.validations;
  }

  async compat(paths: string[]): Promise<FileCompat[]> {
    this.calls.push(['compat', paths]);
    return this.compatibility;
  }

  async startRun(request: RunRequest): Promise<RunHandle> {
    this.calls.push(['startRun', request]);
    return this.#play();
  }

  async doOutcome(runId: string): Promise<DoOutcome> {
    this.calls.push(['doOutcome', runId]);
    return { kind: 'error', reason: `fake run ${runId}` };
  }

  async startDo(request: DoRequest): Promise<RunHandle> {
    this.calls.push(['startDo', request]);
    return this.#play();
  }

  subscribe(runId: string | undefined, listener: (event: EngineEvent) => void): () => void {
    const entry = { runId, listener };
    this.#listeners.add(entry);
    return () => void this.#listeners.delete(entry);
  }

  async getRun(idOrPrefix: string): Promise<RunView> {
    const matches = [...this.runs.values()].filter((r) => r.id.startsWith(idOrPrefix));
    if (matches.length !== 1) throw new AutodevopsError('ADO_RUN_NOT_FOUND', `no run has the id "${idOrPrefix}"`);
    return structuredClone(matches[0]!);
  }

  async listRuns(query: { status?: string[]; limit?: number } = {}): Promise<RunListItem[]> {
    this.calls.push(['listRuns', query]);
    return [...this.runs.values()]
      .filter((r) => !query.status || query.status.includes(r.status))
      .slice(0, query.limit)
      .map((r) => ({ id: r.id, workflowName: r.workflowName, workflowFile: r.workflowFile, event: r.trigger.event, status: r.status, conclusion: r.conclusion, createdAt: r.createdAt, updatedAt: r.completedAt ?? r.createdAt }));
  }

  async readLogs(runId: string, query: { step?: string } = {}): Promise<LogChunk[]> {
    this.calls.push(['readLogs', runId, query]);
    return this.logs.filter((c) => c.runId === runId && (query.step === undefined || c.stepKey === query.step));
  }

  async followLogs(runId: string, query: { step?: string }, onChunk: (chunk: LogChunk) => void, signal?: AbortSignal): Promise<void> {
    for (const chunk of await this.readLogs(runId, query)) onChunk(chunk);
    if (!this.followForever) return;
    await new Promise<void>((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
  }

  async cancel(runId: string, reason?: string): Promise<void> {
    this.calls.push(['cancel', runId, reason]);
    this.#cancelled();
  }

  async retry(runId: string, options?: { failedOnly?: boolean }): Promise<RunHandle> {
    this.calls.push(['retry', runId, options]);
    return this.#play();
  }

  async resume(runIds?: string[], options?: { decision?: 'retry' | 'skip' | 'fail' }): Promise<RunHandle[]> {
    this.calls.push(['resume', runIds, options]);
    return this.next ? [this.#play()] : [];
  }

  async approve(runId: string, decision: { approve: boolean; by?: string; comment?: string }): Promise<RunHandle | undefined> {
    this.calls.push(['approve', runId, decision]);
    return this.ownedElsewhere ? undefined : this.#play();
  }

  async signal(runId: string, name: string, payload?: unknown): Promise<RunHandle | undefined> {
    this.calls.push(['signal', runId, name, payload]);
    return this.ownedElsewhere ? undefined : this.#play();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Announces an event to the subscribers. */
  emit(event: EngineEvent): void {
    for (const { runId, listener } of this.#listeners) if (runId === undefined || runId === event.runId) listener(event);
  }

  /** Emits the first event before the handle is returned, as a real engine may. */
  #play(): RunHandle {
    const run = this.next;
    if (!run) throw new Error('FakeApp: set `next` to the run to play');
    this.runs.set(run.initial.id, structuredClone(run.initial));
    const [first, ...rest] = run.events;
    if (first) this.emit(first);
    const cancelled = new Promise<void>((resolve) => (this.#cancelled = resolve));
    const done = (async () => {
      for (const e of rest) {
        await tick();
        this.emit(e);
      }
      if (this.endOnlyWhenCancelled) await cancelled;
      this.runs.set(run.final.id, structuredClone(run.final));
      return structuredClone(run.final);
    })();
    return { runId: run.initial.id, done };
  }
}
