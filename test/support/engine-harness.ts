/**
 * A real engine for tests: real SQLite store and sealer in a temp data dir, the default step
 * registry plus custom in-process steps, and helpers to run a workflow text to completion.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Clock } from '../../src/core/clock.ts';
import type { EngineEvent, RunView } from '../../src/core/views.ts';
import { parseWorkflowText } from '../../src/dsl/index.ts';
import { openKeyFileSealer } from '../../src/store/sealer.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { createStepRegistry, type MutableStepRegistry } from '../../src/steps/registry.ts';
import { Engine, type EngineOptions } from '../../src/engine/engine.ts';
import type { Store } from '../../src/engine/ports/store.ts';
import type { RunOptions, Trigger } from '../../src/core/events.ts';

/** A live engine on a fresh data directory. */
export interface Harness {
  dir: string;
  engine: Engine;
  store: Store;
  registry: MutableStepRegistry;
  events: EngineEvent[];
  /** Creates a run of the workflow text and returns its id. */
  create(text: string, options?: Partial<RunOptions> & { trigger?: Partial<Trigger>; secrets?: Record<string, string> }): Promise<string>;
  /** Creates and executes a run to its end. */
  run(text: string, options?: Partial<RunOptions> & { trigger?: Partial<Trigger>; secrets?: Record<string, string> }): Promise<RunView>;
  /** Log text of a step key (or all). */
  logs(runId: string, stepKey?: string): Promise<string>;
  close(): Promise<void>;
}

/** Opens a harness; `dir` reuses a data directory (to test restarts). */
export async function openHarness(options: { dir?: string; clock?: Clock; engine?: Partial<EngineOptions> } = {}): Promise<Harness> {
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'ado-engine-'));
  const store = await openSqliteStore({ dataDir: dir });
  const sealer = openKeyFileSealer({ dataDir: dir, env: {} });
  const registry = createStepRegistry();
  const engine = new Engine({ store, sealer, registry, dataDir: dir, pollMs: 20, ...(options.clock ? { clock: options.clock } : {}), ...options.engine });
  const events: EngineEvent[] = [];
  engine.on((e) => events.push(e));
  const workspace = path.join(dir, 'workspace');
  const create: Harness['create'] = async (text, o = {}) => {
    const workflow = await parseWorkflowText('test.yml', text);
    const { trigger, secrets, ...rest } = o;
    return engine.createRun({
      source: { file: 'test.yml', text }, workflow,
      trigger: { event: 'push', payload: {}, inputs: {}, ...trigger },
      options: { workdir: workspace, jobs: [], matrix: {}, env: {}, vars: {}, maxParallelJobs: 4, secretNames: Object.keys(secrets ?? {}), ...rest },
      secrets: secrets ?? {},
    });
  };
  return {
    dir, engine, store, registry, events, create,
    async run(text, o) {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(workspace, { recursive: true });
      return engine.execute(await create(text, o));
    },
    async logs(runId, stepKey) {
      return (await store.readLogs(runId, { stepKey })).map((c) => c.text).join('');
    },
    async close() {
      await engine.close();
      await store.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
