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
  const start = workflow.jobs[0]?.location ?? { file: workflow.file, line: 1, column: 1 };
  checkValues([workflow.runName, workflow.env, workflow.concurrency], start, diagnostics);
  for (const job of workflow.jobs) {
    checkDefinition(job, job.location, diagnostics);
    for (const step of job.steps) checkDefinition(step, step.location, diagnostics);
  }
  return diagnostics;
}

/** A job's or step's condition and templated fields (its steps, id, needs and `uses` are not templates). */
function checkDefinition(definition: JobDefinition | StepDefinition, location: SourceLocation, diagnostics: Diagnostic[]): void {
  const { if: condition, location: _location, id: _id, uses: _uses, ...fields } = definition;
  const problem = validateCondition(condition);
  if (problem !== undefined) diagnostics.push({ location, message: `if: ${problem}` });
  const { steps: _steps, needs: _needs, ...templated } = fields as Partial<JobDefinition>;
  checkValues(Object.values(templated), location, diagnostics);
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
