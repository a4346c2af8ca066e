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

/** One file as checked: its problems, and its workflow when it has none. */
export interface FileAnalysis {
  file: string;
  diagnostics: Diagnostic[];
  workflow?: WorkflowDefinition;
}

/**
 * Checks each file and lists its problems (none for a valid file, which comes with its workflow so
 * that callers need not parse it again). Never throws for a problem of one file: a file that
 * cannot be read gets one diagnostic at 1:1 saying why.
 */
export async function validateWorkflowFiles(paths: string[]): Promise<FileAnalysis[]> {
  const results: FileAnalysis[] = [];
  for (const path of paths) results.push({ file: path, ...(await analyzeFile(path)) });
  return results;
}

async function analyzeFile(path: string): Promise<Omit<FileAnalysis, 'file'>> {
  try {
    const { file, text } = await readWorkflowFile(path);
    const { workflow, diagnostics } = await analyzeWorkflow(file, text);
    return workflow === undefined ? { diagnostics } : { diagnostics, workflow };
  } catch (e) {
    if (!isAutodevopsError(e)) throw e;
    // Load errors read `<path>: <what>`; the diagnostic names the path already.
    const message = e.message.replace(`${path}: `, '');
    return { diagnostics: [{ location: { file: path, line: 1, column: 1 }, message: message.charAt(0).toUpperCase() + message.slice(1) }] };
  }
}
export { parseActionText, analyzeAction } from './action.ts';
export type * from './action-model.ts';
