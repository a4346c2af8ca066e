/**
 * The whole check of one workflow text: GitHub's parser, our extra validation, normalisation, and
 * every expression read by the evaluator's parser.
 * Returns every problem found rather than stopping at the first, sorted by position.
 */
import type { Diagnostic } from '../core/errors.ts';
import { checkExpressions } from './expression-check.ts';
import type { WorkflowDefinition } from './model.ts';
import { normalizeWorkflow } from './normalize.ts';
import { parseWithGitHubParser } from './parser-adapter.ts';
import { isSupersededByValidation, validateWorkflowTree } from './validate.ts';
import { MAX_WORKFLOW_BYTES } from './load.ts';

/** The result of checking a workflow text: a workflow when, and only when, there are no diagnostics. */
export type Analysis = { workflow: WorkflowDefinition; diagnostics: [] } | { workflow: undefined; diagnostics: Diagnostic[] };

/** Parses, validates and normalises `text` (the contents of `file`). Never throws for bad input. */
export async function analyzeWorkflow(file: string, text: string): Promise<Analysis> {
  if (Buffer.byteLength(text, 'utf8') > MAX_WORKFLOW_BYTES) {
    return failed([{ location: { file, line: 1, column: 1 }, message: `The workflow is larger than ${MAX_WORKFLOW_BYTES} bytes (1 MiB)` }]);
  }
  const parsed = await parseWithGitHubParser(file, text);
  const diagnostics = parsed.diagnostics.filter((d) => !isSupersededByValidation(d));
  if (parsed.root !== undefined) diagnostics.push(...validateWorkflowTree(file, parsed.root));
  if (diagnostics.length > 0 || parsed.root === undefined) return failed(diagnostics);
  const normalized = normalizeWorkflow(file, parsed.root, parsed.conditions);
  if (normalized.diagnostics.length > 0) return failed(normalized.diagnostics);
  const expressionProblems = checkExpressions(normalized.workflow);
  if (expressionProblems.length > 0) return failed(expressionProblems);
  return { workflow: normalized.workflow, diagnostics: [] };
}

function failed(diagnostics: Diagnostic[]): Analysis {
  return { workflow: undefined, diagnostics: sortAndDedupe(diagnostics) };
}

/** Sorted by line then column (stable otherwise); identical diagnostics once. */
export function sortAndDedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return [...diagnostics]
    .sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column)
    .filter((d) => {
      const key = `${d.location.line}:${d.location.column}:${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
