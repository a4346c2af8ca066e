/**
 * Hands engine events to observers together with their run's RunInfo, in the order the engine
 * announced them. The info is read once per run (asynchronously), so events that arrive meanwhile
 * wait in a per-run queue; nothing here blocks or slows the engine.
 */
import type { EngineEvent, RunView } from '../core/views.ts';
import { runInfoOf, type RunInfo } from './run-info.ts';
import { runTraceId, traceIdOf } from './trace-ids.ts';
import type { DescribeWorkflow, WorkflowShape } from './workflow-shape.ts';

/** What observability consumes: the engine's events (history, logs, the AI layer's calls). */
export type ObservedEvent = EngineEvent;

/** Receives each event with its run's info. */
export type Observer = (event: ObservedEvent, run: RunInfo) => void;

/** Reads a run's view (the composition root passes the engine's). */
export type DescribeRun = (runId: string) => Promise<RunView>;

/** Where a run's info comes from. */
export interface RunSources {
  describeRun: DescribeRun;
  /** Optional: the run's workflow as written (deployments for DORA, step inputs on spans). */
  describeWorkflow?: DescribeWorkflow;
}

const COMPLETED_KEPT = 256;

interface Entry {
  info?: RunInfo;
  queue: ObservedEvent[];
  ready: Promise<void>;
}

/** Feeds observers; `drain()` resolves when every queued event was handed out. */
export class EventFeed {
  readonly #runs = new Map<string, Entry>();
  /** Recently completed runs: log chunks drained after `run.completed` still find their info. */
  readonly #completed = new Map<string, RunInfo>();
  readonly #observers: Observer[];
  readonly #sources: RunSources;
  readonly #onError: (error: unknown) => void;

  constructor(sources: RunSources, observers: Observer[], onError: (error: unknown) => void = () => undefined) {
    this.#sources = sources;
    this.#observers = observers;
    this.#onError = onError;
  }

  /** The engine listener. */
  readonly push = (event: ObservedEvent): void => {
    const entry = this.#runs.get(event.runId);
    const info = entry?.info ?? this.#completed.get(event.runId);
    if (info) return this.#deliver(event, info);
    if (entry) {
      entry.queue.push(event);
      return;
    }
    const created: Entry = { queue: [event], ready: Promise.resolve() };
    created.ready = this.#describe(event.runId).then(
      (described) => this.#release(created, described),
      (error: unknown) => {
        this.#runs.delete(event.runId);
        this.#onError(error);
      },
    );
    this.#runs.set(event.runId, created);
  };

  /** Resolves when the runs being described have been and their queued events were delivered. */
  async drain(): Promise<void> {
    await Promise.all([...this.#runs.values()].map((e) => e.ready));
  }

  async #describe(runId: string): Promise<RunInfo> {
    const [view, workflow] = await Promise.all([this.#sources.describeRun(runId), this.#workflowOf(runId)]);
    return runInfoOf(view, { traceId: await this.#traceIdOf(view), ...(workflow && { workflow }) });
  }

  /** A called run joins its caller's trace; the caller is usually known here already. */
  async #traceIdOf(view: RunView): Promise<string> {
    if (!view.parent) return traceIdOf(view.id);
    const caller = this.#runs.get(view.parent.runId)?.info ?? this.#completed.get(view.parent.runId);
    return caller?.traceId ?? runTraceId(view, this.#sources.describeRun);
  }

  /** A workflow that cannot be read costs the run its deployments and step inputs, never its events. */
  async #workflowOf(runId: string): Promise<WorkflowShape | undefined> {
    try {
      return await this.#sources.describeWorkflow?.(runId);
    } catch (error) {
      this.#onError(error);
      return undefined;
    }
  }

  #release(entry: Entry, info: RunInfo): void {
    entry.info = info;
    for (const event of entry.queue.splice(0)) this.#deliver(event, info);
  }

  #deliver(event: ObservedEvent, info: RunInfo): void {
    for (const observe of this.#observers) {
      try {
        observe(event, info);
      } catch (error) {
        // An observer's bug must never reach the engine, which called us.
        this.#onError(error);
      }
    }
    if (event.kind === 'history' && event.event.type === 'run.completed') this.#retire(info);
  }

  #retire(info: RunInfo): void {
    this.#runs.delete(info.runId);
    this.#completed.set(info.runId, info);
    if (this.#completed.size > COMPLETED_KEPT) this.#completed.delete(this.#completed.keys().next().value!);
  }
}
