/**
 * Reads every `${{ }}` expression and `if:` condition of a normalised workflow with the engine's own
 * expression parser, as GitHub's runner does when it loads a workflow. GitHub's parser has checked
 * them already; this makes sure the evaluator reads them too, so a run never starts with an
 * expression its engine cannot read (reported at the job or step, not when the step is reached),
 * and leaves the parses in the parser's caches for the run (a 1,000-step workflow parsed its
 * templates during execution: ~11 µs a step, bench W1).
 */
import type { Diagnostic, SourceLocation } from '../core/errors.ts';
import { isTemplate, validateCondition, validateTemplate } from './expressions/index.ts';
import type { JobDefinition, StepDefinition, WorkflowDefinition } from './model.ts';

/** Problems with the workflow's expressions; empty when every one parses. */
export function checkExpressions(workflow: WorkflowDefinition): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // Workflow-level fields keep no position of their own: their problems are reported at the file's start.
  checkValues([workflow.runName, workflow.env, workflow.concurrency], { file: workflow.file, line: 1, column: 1 }, diagnostics);
  for (const job of workflow.jobs) {
    checkDefinition(job, job.location, diagnostics);
    for (const step of job.steps) checkDefinition(step, step.location, diagnostics);
  }
  return diagnostics;
}

/** Fields of a job or step that are not templates (`if` is a condition, checked as one). */
const notTemplates = new Set(['if', 'location', 'id', 'uses', 'steps', 'needs']);

/** A job's or step's condition and templated fields. */
function checkDefinition(definition: JobDefinition | StepDefinition, location: SourceLocation, diagnostics: Diagnostic[]): void {
  const problem = validateCondition(definition.if);
  if (problem !== undefined) diagnostics.push({ location, message: `if: ${problem}` });
  checkValues(Object.entries(definition).filter(([key]) => !notTemplates.has(key)).map(([, value]) => value), location, diagnostics);
}

function checkValues(values: unknown[], location: SourceLocation, diagnostics: Diagnostic[]): void {
  for (const value of values) {
    if (typeof value === 'string') {
      const problem = isTemplate(value) ? validateTemplate(value) : undefined;
      if (problem !== undefined) diagnostics.push({ location, message: problem });
    } else if (typeof value === 'object' && value !== null) {
      checkValues(Array.isArray(value) ? value : Object.values(value), location, diagnostics);
    }
  }
}
