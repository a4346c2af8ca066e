/**
 * The workflow DSL's public API, used by the engine and the CLI: GitHub Actions workflow text in,
 * a validated, normalised WorkflowDefinition (model.ts) out, or every problem positioned.
 */
import { AutodevopsError, isAutodevopsError } from '../core/errors.ts';
import type { Diagnostic } from '../core/errors.ts';
import type { WorkflowDefinition } from './model.ts';
import { analyzeWorkflow } from './analyze.ts';
import { readWorkflowFile } from './load.ts';

export type * from './model.ts';
export { expandMatrix, matrixJobName } from './matrix.ts';
export { resolveDispatchInputs } from './inputs.ts';
export type { InputValue } from './inputs.ts';
export { discoverWorkflows, readWorkflowFile, MAX_WORKFLOW_BYTES } from './load.ts';

/**
 * Parses and validates a workflow. Throws ADO_WORKFLOW_INVALID (`<file>: N errors`) carrying every
 * problem as a positioned diagnostic (text over 1 MiB is one such problem, at 1:1).
 */
export async function parseWorkflowText(file: string, text: string): Promise<WorkflowDefinition> {
  const { workflow, diagnostics } = await analyzeWorkflow(file, text);
  if (workflow !== undefined) return workflow;
  const count = `${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}`;
  throw new AutodevopsError('ADO_WORKFLOW_INVALID', `${file}: ${count}`, { diagnostics });
}

/** Reads, parses and validates the workflow file at `path`. */
export async function loadWorkflow(path: string): Promise<WorkflowDefinition> {
  const { file, text } = await readWorkflowFile(path);
  return parseWorkflowText(file, text);
}

/**
 * Checks each file and lists its problems (none for a valid file). Never throws for a problem of
 * one file: a file that cannot be read gets one diagnostic at 1:1 saying why.
 */
export async function validateWorkflowFiles(paths: string[]): Promise<Array<{ file: string; diagnostics: Diagnostic[] }>> {
  const results: Array<{ file: string; diagnostics: Diagnostic[] }> = [];
  for (const path of paths) results.push({ file: path, diagnostics: await diagnoseFile(path) });
  return results;
}

async function diagnoseFile(path: string): Promise<Diagnostic[]> {
  try {
    const { file, text } = await readWorkflowFile(path);
    return (await analyzeWorkflow(file, text)).diagnostics;
  } catch (e) {
    if (!isAutodevopsError(e)) throw e;
    // Load errors read `<path>: <what>`; the diagnostic names the path already.
    const message = e.message.replace(`${path}: `, '');
    return [{ location: { file: path, line: 1, column: 1 }, message: message.charAt(0).toUpperCase() + message.slice(1) }];
  }
}
export { parseActionText, analyzeAction } from './action.ts';
export type * from './action-model.ts';
