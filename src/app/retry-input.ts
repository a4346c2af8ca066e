/** `autodevops retry`: a new run with the same workflow text, trigger, options and secrets. */
import type { CreateRunInput, Engine } from '../engine/engine.ts';
import type { Store } from '../engine/ports/store.ts';
import { replay } from '../engine/run-state.ts';

/** The input of a run identical to an earlier one. */
export async function retryInput(engine: Engine, store: Store, runId: string): Promise<CreateRunInput> {
  const state = replay(runId, await store.history(runId));
  const workflow = await engine.workflowOf(state.source);
  const secrets = await engine.secretsOf(runId);
  return { source: { file: state.source.file, text: state.source.text }, workflow, trigger: state.trigger, options: state.options, secrets };
}
