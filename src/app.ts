/**
 * Composition root: configuration → store → sealer → step registry → engine, behind the App API
 * that the CLI (and later the server) drive. The only module that picks concrete implementations.
 */
import { systemClock } from './core/clock.ts';
import path from 'node:path';
import { userInfo } from 'node:os';
import type { AppConfig, ArtifactInfo, DoOutcome, DoRequest, FileCompat, FileValidation, RunHandle, RunListItem, RunRequest, WorkflowDescription } from './app-api.ts';
import { AutodevopsError } from './core/errors.ts';
import type { HistoryEvent, LogChunk } from './core/events.ts';
import type { EngineEvent, RunView } from './core/views.ts';
import { discoverWorkflows, parseActionText, parseWorkflowText, readWorkflowFile } from './dsl/index.ts';
import { Engine } from './engine/engine.ts';
import type { RunSummary, Store } from './engine/ports/store.ts';
import { openKeyFileSealer, secretKeyEnv } from './store/sealer.ts';
import { openSqliteStore, type RunsById } from './store/sqlite/sqlite-store.ts';
import { FinalRuns } from './app/final-runs.ts';
import { createStepRegistry, type MutableStepRegistry, type StepFunction } from './steps/registry.ts';
import { createActionResolver } from './steps/actions/action-resolver.ts';
import { createActionFetcher } from './steps/actions/action-fetcher.ts';
import { createWorkflowLoader } from './app/workflow-loader.ts';
import type { WorkflowLoader } from './engine/reusable-workflow.ts';
import { builtinActions, listArtifacts, registerBuiltins } from './steps/builtin/index.ts';
import { aiSteps, type AiRuntime } from './ai/steps/index.ts';
import { forgeSteps } from './integrations/steps/index.ts';
import { createForgeConnector } from './app/forges.ts';
import { doRunRequest, issueInstruction, parseIssueRef } from './app/do-request.ts';
import { doOutcome } from './app/do-outcome.ts';
import { loadConfigFile, type FileConfig } from './app/config-file.ts';
import { buildRunInput } from './app/run-input.ts';
import { retryInput } from './app/retry-input.ts';
import { validateFiles } from './app/validate-files.ts';
import { compatReport } from './app/compat.ts';
import { runTraceId } from './observability/trace-ids.ts';
import type { ServerApiOptions } from './server/app.ts';
import type { ServerAdmin } from './server/admin.ts';
import type { RunningServer } from './server/serve.ts';
import type { ServerApp } from './server/server-app.ts';
import type { SealerFactory } from './server/secrets/key-ring.ts';
import type { Observability, ObservabilityOptions } from './observability/observability.ts';

/** Options of the programmatic API beyond AppConfig. */
export interface OpenAppOptions extends AppConfig {
  /** Custom step kinds: `uses: <name>@<ref>` runs the function. */
  steps?: Record<string, StepFunction>;
  /** Tuning for tests and benchmarks (and the reusable-workflow loader, set by openApp). */
  engine?: { pollMs?: number; leaseMs?: number; loadWorkflow?: WorkflowLoader };
  /** Where observability's logs go (default: AUTODEVOPS_LOG), and where its own failures are reported. */
  observability?: Pick<ObservabilityOptions, 'log' | 'onError'>;
}

/** A built-in action as `autodevops actions` lists it. */
export interface BuiltinActionInfo {
  name: string;
  description: string;
  /** False when autodevops.yml (`builtins: { disable: [...] }`) leaves it out. */
  enabled: boolean;
}

/** The built-in actions, and whether `<cwd>/autodevops.yml` disables each. */
export async function listBuiltinActions(cwd: string): Promise<BuiltinActionInfo[]> {
  const disabled = new Set((await loadConfigFile(path.resolve(cwd))).builtins?.disable ?? []);
  return Object.entries(builtinActions).map(([name, a]) => ({ name, description: a.description, enabled: !disabled.has(name) }));
}

/** The data directory a configuration designates (as openApp resolves it). */
export function resolveDataDir(config: AppConfig = {}): string {
  const env = config.env ?? process.env;
  return path.resolve(config.cwd ?? process.cwd(), config.dataDir ?? env.AUTODEVOPS_DATA_DIR ?? '.autodevops');
}

/** Project secrets are sealed with the store's AES-256-GCM sealer, under their own key. */
function sealerFactory(dataDir: string): SealerFactory {
  return (key) => openKeyFileSealer({ dataDir, env: { [secretKeyEnv]: key.toString('base64') } });
}

/** Opens the app and serves the HTTP API on it (`autodevops serve`); the server is loaded only here. */
export async function serveApi(options: OpenAppOptions & ServerApiOptions & { port: number; host: string; maxBodyBytes?: number }): Promise<RunningServer> {
  const [{ startServer }, { openServerDeps }, { createTriggers }, { hardening }, { matchTrigger }] = await Promise.all([
    import('./server/serve.ts'), import('./server/deps.ts'), import('./server/triggers.ts'), import('./server/hardening.ts'), import('./dsl/trigger-filter.ts'),
  ]);
  const app = await openApp(options);
  const deps = openServerDeps({ app, root: path.resolve(options.cwd ?? process.cwd()), env: options.env ?? process.env, sealWith: sealerFactory(app.dataDir) });
  const forges = createForgeConnector({ env: options.env ?? process.env });
  const triggers = createTriggers(deps, {
    matchTrigger, clock: systemClock,
    // A `/autodevops` comment counts only from users with write access, checked with the project's GITHUB_TOKEN secret (or the server's).
    permissionOf: async (project, kind, repo, user) => {
      const secrets = deps.secrets.values(project);
      const { forge } = await forges.connect(kind, (name) => secrets[name]);
      return forge.permissionOf({ repo, user });
    },
  });
  const server = await startServer({
    ...options, deps, modules: [...triggers.modules, ...(options.modules ?? [])],
    middleware: [...hardening(deps, { ...(options.maxBodyBytes !== undefined && { maxBodyBytes: options.maxBodyBytes }) }), ...(options.middleware ?? [])],
  });
  triggers.scheduler.start();
  const env = options.env ?? process.env;
  // Runs of a project's repository report their status on the commit, with the project's forge credentials.
  const { forgeOfTrigger, reportRunStatuses } = await import('./app/forge-status.ts');
  const stopStatuses = reportRunStatuses({
    subscribe: (listener) => app.subscribe(undefined, listener), getRun: (id) => app.getRun(id),
    target: async (runId, trigger) => {
      const project = deps.runs.projectOf(runId);
      if (project === undefined) return undefined;
      const secrets = deps.secrets.values(project);
      const kind = forgeOfTrigger(trigger);
      const lookup = (name: string): string | undefined => secrets[name];
      if (!forges.configured(kind, lookup)) return undefined;
      const { forge } = await forges.connect(kind, lookup);
      return { forge, runUrl: `${(env.AUTODEVOPS_URL ?? server.url).replace(/\/+$/, '')}/v1/projects/${project}/runs/${runId}` };
    },
  });
  // Runs whose process died (a crash, or a server stopped mid-run) continue here; a step that is
  // not safe to repeat waits for a person's decision instead.
  void app.resume().then((handles) => handles.forEach((h) => h.done.catch(() => undefined)), () => undefined);
  return {
    ...server,
    close: async () => {
      stopStatuses();
      await triggers.scheduler.stop();
      await server.close();
    },
  };
}

/** The server's hash-chained audit log in the configured data directory (`autodevops audit`). */
export async function openAuditLog(config: AppConfig = {}) {
  const { openAuditLogFile, serverDbFile } = await import('./server/audit/index.ts');
  return openAuditLogFile(path.join(resolveDataDir(config), serverDbFile));
}

/** The server's registry (projects, tokens, secrets key) in the configured data directory (`autodevops token`, `secrets`). */
export async function openServerAdmin(config: AppConfig = {}): Promise<ServerAdmin> {
  const { openServerAdmin: open } = await import('./server/admin.ts');
  const dataDir = resolveDataDir(config);
  return open({ dataDir, env: config.env ?? process.env, sealWith: sealerFactory(dataDir) });
}

/** Opens the app. The store is opened on first use, so bad input is rejected before any state exists. */
export async function openApp(options: OpenAppOptions = {}): Promise<ServerApp & { registry: MutableStepRegistry }> {
  const env = options.env ?? process.env;
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const dataDir = path.resolve(cwd, options.dataDir ?? env.AUTODEVOPS_DATA_DIR ?? '.autodevops');
  const fileConfig = await loadConfigFile(cwd);
  const registry = createStepRegistry();
  // Built-ins first: a custom step registered under the same name (now or later) replaces one.
  registerBuiltins(registry, { disable: fileConfig.builtins?.disable });
  let aiRuntime: Promise<AiRuntime> | undefined;
  const loadAiRuntime = (): Promise<AiRuntime> => (aiRuntime ??= import('./ai/steps/runtime.ts').then(({ createAiRuntime }) => createAiRuntime({ config: fileConfig.ai, configDir: cwd, env })));
  for (const [name, step] of Object.entries(aiSteps(loadAiRuntime))) registry.register(name, step);
  for (const [name, step] of Object.entries(forgeSteps(createForgeConnector({ env })))) registry.register(name, step);
  for (const [name, fn] of Object.entries(options.steps ?? {})) registry.register(name, fn);
  const actions = options.actions ?? {};
  const overrides = Object.fromEntries(Object.entries(actions.overrides ?? {}).map(([key, dir]) => [key, path.resolve(cwd, dir)]));
  registry.addResolver(createActionResolver({ parseAction: parseActionText, registry, dataDir, server: actions.server, offline: actions.offline, overrides, env }));
  // Remote reusable workflows come from the same server and cache as remote actions.
  const fetcher = createActionFetcher({ server: actions.server ?? 'https://github.com', dataDir, offline: actions.offline ?? false, env });
  const loadWorkflow = createWorkflowLoader(fetcher, overrides);
  return new AppImpl(cwd, dataDir, env, registry, fileConfig, { ...options, engine: { ...options.engine, loadWorkflow } });
}

/** The runs with these ids that exist, in that order (one query when the store can). */
async function runsByIds(store: Store & Partial<RunsById>, ids: string[]): Promise<RunSummary[]> {
  if (ids.length === 0) return [];
  const runs = store.getRuns ? await store.getRuns(ids) : await Promise.all(ids.map((id) => store.getRun(id)));
  return runs.filter((r): r is RunSummary => r !== undefined);
}

/** A run as listed. */
function listItem({ id, workflowName, workflowFile, event, status, conclusion, createdAt, updatedAt }: RunSummary, interrupted: boolean): RunListItem {
  return { id, workflowName, workflowFile, event, status, conclusion, createdAt, updatedAt, ...(interrupted ? { interrupted: true as const } : {}) };
}

class AppImpl implements ServerApp {
  readonly #cwd: string;
  readonly #env: Record<string, string | undefined>;
  readonly #fileConfig: FileConfig;
  readonly #options: OpenAppOptions;
  #opened: Promise<{ store: Store; engine: Engine; observability: Observability }> | undefined;
  readonly dataDir: string;
  readonly registry: MutableStepRegistry;
  /** List items and views of completed runs (final: see app/final-runs.ts); treat them as read-only. */
  readonly #listed = new FinalRuns<RunListItem>(20_000);
  // Views are weighed by their JSON (a webhook's payload is in the trigger): 16 M characters in all.
  readonly #views = new FinalRuns<RunView>(16_000_000, (view) => JSON.stringify(view).length);

  constructor(cwd: string, dataDir: string, env: Record<string, string | undefined>, registry: MutableStepRegistry, fileConfig: FileConfig, options: OpenAppOptions) {
    this.#cwd = cwd;
    this.dataDir = dataDir;
    this.#env = env;
    this.registry = registry;
    this.#fileConfig = fileConfig;
    this.#options = options;
  }

  /** Store and engine, opened once; interrupted runs are recorded as such on opening. */
  #open(): Promise<{ store: Store; engine: Engine; observability: Observability }> {
    this.#opened ??= (async () => {
      // Loaded here, not at start-up: `autodevops --version` and `validate` never pay for it.
      const { startObservability } = await import('./observability/observability.ts');
      const store = await openSqliteStore({ dataDir: this.dataDir });
      const sealer = openKeyFileSealer({ dataDir: this.dataDir, env: this.#env });
      const engine = new Engine({
        store, sealer, registry: this.registry, dataDir: this.dataDir, environments: this.#fileConfig.environments,
        env: this.#env as NodeJS.ProcessEnv, ...this.#options.engine,
      });
      // Engine events are observability's only input: it subscribes like any other listener.
      const observability = await startObservability({
        env: this.#env, describeRun: (runId) => engine.view(runId),
        // The run's workflow (for deployments and step inputs): in memory for the runs this process executes.
        describeWorkflow: (runId) => engine.runWorkflow(runId),
        ...this.#options.observability,
      });
      engine.on(observability.listener);
      return { store, engine, observability };
    })();
    return this.#opened;
  }

  async validate(paths: string[]): Promise<FileValidation[]> {
    return validateFiles(paths.map((p) => path.resolve(this.#cwd, p)), this.registry, this.#cwd);
  }

  async compat(paths: string[]): Promise<FileCompat[]> {
    return compatReport(paths.map((p) => path.resolve(this.#cwd, p)), { cwd: this.#cwd, env: this.#env, registry: this.registry, runsOn: this.#fileConfig.runsOn });
  }

  /** Reads a GitHub issue (credentials from the environment) as the instruction of `do --issue`. */
  async #issueInstruction(ref: string, extra: string): Promise<string> {
    const { owner, name, number } = parseIssueRef(ref);
    const { forge } = await createForgeConnector({ env: this.#env }).connect('github', () => undefined);
    const issue = await forge.getIssue({ repo: { owner, name }, number });
    return issueInstruction({ number, title: issue.title, body: issue.body }, extra);
  }

  async doOutcome(runId: string): Promise<DoOutcome> {
    return doOutcome(await this.getRun(runId));
  }

  async startDo(request: DoRequest): Promise<RunHandle & { testCommand?: string }> {
    if (request.issue !== undefined) request = { ...request, instruction: await this.#issueInstruction(request.issue, request.instruction) };
    const { testCommand, ...run } = doRunRequest(request, this.#cwd, this.#env, this.#fileConfig.ai);
    return { ...(await this.startRun(run)), ...(testCommand !== undefined && { testCommand }) };
  }

  async startRun(request: RunRequest): Promise<RunHandle> {
    const files = await discoverWorkflows(path.resolve(this.#cwd, request.workflowPath));
    const warnings: string[] = [];
    const input = await buildRunInput(request, files, {
      cwd: this.#cwd, env: this.#env, registry: this.registry, maxParallelJobs: this.#options.maxParallelJobs ?? this.#fileConfig.maxParallelJobs,
      runsOn: this.#fileConfig.runsOn, warn: (text) => warnings.push(text),
    });
    const { engine, store } = await this.#open();
    input.trigger.runNumber = request.runNumber ?? (await store.nextRunNumber(input.source.file));
    const runId = await engine.createRun(input);
    return { runId, done: engine.execute(runId), ...(warnings.length > 0 && { warnings }) };
  }

  subscribe(runId: string | undefined, listener: (event: EngineEvent) => void): () => void {
    let off: (() => void) | undefined;
    let stopped = false;
    // A store that cannot open is reported by the call that needs it (startRun, getRun…), not here.
    this.#open().then(({ engine }) => {
      if (!stopped) off = engine.on((e) => (runId === undefined || e.runId === runId) && listener(e));
    }, () => undefined);
    return () => {
      stopped = true;
      off?.();
    };
  }

  async #find(idOrPrefix: string): Promise<string> {
    const { store } = await this.#open();
    const run = await store.findRun(idOrPrefix);
    if (!run) throw new AutodevopsError('ADO_RUN_NOT_FOUND', `no run matches "${idOrPrefix}"`);
    return run.id;
  }

  async getRun(idOrPrefix: string): Promise<RunView> {
    const { engine } = await this.#open();
    // A whole id matches its run before any prefix does, so a kept view is the answer.
    const final = this.#views.get(idOrPrefix);
    if (final) return final;
    const id = await this.#find(idOrPrefix);
    const [view, artifacts] = await Promise.all([engine.view(id), listArtifacts(this.dataDir, id)]);
    // Only a run that has not completed can be interrupted: the others need no query of the active runs.
    const interrupted = view.status !== 'completed' && (await engine.orphans()).includes(id);
    // A reusable workflow's run is traced under its caller's trace id.
    const traceId = await runTraceId(view, (runId) => engine.view(runId));
    return this.#views.keep(id, view.status === 'completed', { ...view, ...(interrupted && { interrupted: true }), ...(artifacts.length > 0 && { artifacts }), traceId });
  }

  async listRuns(query: { status?: RunView['status'][]; limit?: number; before?: string; ids?: string[] } = {}): Promise<RunListItem[]> {
    const { store, engine } = await this.#open();
    const { ids, status } = query;
    const read = ids ? await runsByIds(store, ids.filter((id) => !this.#listed.has(id))) : await store.listRuns({ status, limit: query.limit ?? 50, before: query.before });
    // Only runs that have not completed can be interrupted: a page of finished runs needs no query of the active ones.
    const orphans = new Set(read.some((r) => r.status !== 'completed') ? await engine.orphans() : []);
    const fresh = new Map(read.map((r) => [r.id, this.#listed.keep(r.id, r.status === 'completed', listItem(r, orphans.has(r.id)))]));
    const items = ids ? ids.map((id) => this.#listed.get(id) ?? fresh.get(id)) : read.map((r) => fresh.get(r.id));
    return items.filter((item): item is RunListItem => item !== undefined && (status === undefined || status.includes(item.status)));
  }

  async readLogs(runId: string, query: { step?: string; afterSeq?: number } = {}): Promise<LogChunk[]> {
    const { store } = await this.#open();
    return store.readLogs(await this.#find(runId), { stepKey: query.step, afterSeq: query.afterSeq });
  }

  async followLogs(runId: string, query: { step?: string }, onChunk: (chunk: LogChunk) => void, signal?: AbortSignal): Promise<void> {
    const { store } = await this.#open();
    const id = await this.#find(runId);
    let after = 0;
    for (;;) {
      // Read the status first: chunks written before completion are all read after it.
      const done = (await store.getRun(id))?.status === 'completed';
      for (const chunk of await store.readLogs(id, { stepKey: query.step, afterSeq: after })) {
        after = chunk.seq;
        onChunk(chunk);
      }
      if (done || signal?.aborted) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** A run's durable history after `afterSeq` (the server replays it to resume an event stream). */
  async readHistory(runId: string, afterSeq?: number): Promise<HistoryEvent[]> {
    const { store } = await this.#open();
    return store.history(await this.#find(runId), afterSeq);
  }

  async cancel(runId: string, reason = 'cancelled'): Promise<void> {
    const { engine } = await this.#open();
    await engine.command(await this.#find(runId), 'cancel', { reason });
  }

  async retry(runId: string, options: { failedOnly?: boolean } = {}): Promise<RunHandle> {
    const { engine, store } = await this.#open();
    const id = await this.#find(runId);
    const newId = await engine.createRun(await retryInput(engine, store, id), options.failedOnly ? { reuseFrom: id } : {});
    return { runId: newId, done: engine.execute(newId) };
  }

  async resume(runIds?: string[], options: { decision?: 'retry' | 'skip' | 'fail' } = {}): Promise<RunHandle[]> {
    const { engine } = await this.#open();
    const ids = runIds ? await Promise.all(runIds.map((r) => this.#find(r))) : await engine.orphans();
    const handles: RunHandle[] = [];
    for (const id of ids) {
      if (options.decision) await engine.command(id, 'decide', { action: options.decision, by: this.#user() });
      handles.push({ runId: id, done: engine.execute(id) });
    }
    return handles;
  }

  async approve(runId: string, decision: { approve: boolean; by?: string; comment?: string }): Promise<RunHandle | undefined> {
    return this.#commandAndAdopt(runId, 'approve', { approve: decision.approve, by: decision.by ?? this.#user(), comment: decision.comment });
  }

  async signal(runId: string, name: string, payload?: unknown): Promise<RunHandle | undefined> {
    return this.#commandAndAdopt(runId, 'signal', { name, payload });
  }

  /** Queues the command; if no live process owns the run, continues it here. */
  async #commandAndAdopt(runId: string, type: 'approve' | 'signal', data: Record<string, unknown>): Promise<RunHandle | undefined> {
    const { engine } = await this.#open();
    const id = await this.#find(runId);
    await engine.command(id, type, data);
    if (!(await engine.orphans()).includes(id)) return undefined;
    return { runId: id, done: engine.execute(id) };
  }

  #user(): string {
    return this.#env.AUTODEVOPS_USER ?? this.#env.USER ?? userInfo().username;
  }

  async describeWorkflow(root: string, file: string): Promise<WorkflowDescription> {
    const { text } = await readWorkflowFile(path.resolve(this.#cwd, root, file));
    const workflow = await parseWorkflowText(file, text);
    return { name: workflow.name, on: workflow.on };
  }

  async listArtifacts(runId: string): Promise<ArtifactInfo[]> {
    // Loaded on use: the archive library is only for artifacts.
    const { listRunArtifacts } = await import('./app/run-artifacts.ts');
    return listRunArtifacts(this.dataDir, await this.#find(runId));
  }

  async openArtifactFile(runId: string, name: string, file: string): Promise<{ size: number; stream: ReadableStream<Uint8Array> } | undefined> {
    const { openArtifactFile } = await import('./app/run-artifacts.ts');
    return openArtifactFile(this.dataDir, await this.#find(runId), name, file);
  }

  async artifactArchive(runId: string, name: string): Promise<ReadableStream<Uint8Array> | undefined> {
    const { artifactArchive } = await import('./app/run-artifacts.ts');
    return artifactArchive(this.dataDir, await this.#find(runId), name);
  }

  /** The Prometheus exposition text of this process's metrics (the server's /metrics). */
  async renderMetrics(): Promise<string> {
    const { observability } = await this.#open();
    return observability.renderMetrics();
  }

  async close(): Promise<void> {
    if (!this.#opened) return;
    const { engine, store, observability } = await this.#opened;
    await engine.close();
    // After the engine: its last events are delivered, then spans are flushed and metrics pushed.
    await observability.close();
    await store.close();
  }
}
