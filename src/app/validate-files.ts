/** `autodevops validate`: GitHub's schema checks plus whether every `uses:` step kind is known. */
import type { FileValidation } from '../app-api.ts';
import type { Diagnostic } from '../core/errors.ts';
import type { WorkflowDefinition } from '../dsl/model.ts';
import { discoverWorkflows, validateWorkflowFiles } from '../dsl/index.ts';
import type { StepRegistry } from '../engine/ports/step.ts';
import { displayPath } from './display-path.ts';

/** Diagnostics for steps whose `uses:` no executor handles. */
export function unknownStepKinds(workflow: WorkflowDefinition, registry: StepRegistry): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const job of workflow.jobs) {
    for (const step of job.steps) {
      if (step.run !== undefined || registry.resolve(step)) continue;
      out.push({ location: step.location, message: `uses: ${step.uses} is not an action reference autodevops understands; write ./local/path, owner/repo[/path]@ref, a built-in (autodevops actions lists them), or register the step kind through the programmatic API` });
    }
  }
  return out;
}

/** Validates files and directories (every workflow inside); paths in results are relative to `cwd`. */
export async function validateFiles(paths: string[], registry: StepRegistry, cwd: string): Promise<FileValidation[]> {
  return (await checkFiles(paths, registry, cwd)).map(({ file, diagnostics }) => ({ file, diagnostics }));
}

/**
 * validateFiles with each file's absolute `path` too; `allowUnknownSteps` leaves unknown step kinds
 * to the caller (the compatibility report lists them per step).
 */
export async function checkFiles(paths: string[], registry: StepRegistry, cwd: string, options: { allowUnknownSteps?: boolean } = {}): Promise<Array<FileValidation & { path: string }>> {
  const files: string[] = [];
  for (const p of paths) {
    try {
      files.push(...(await discoverWorkflows(p)));
    } catch (e) {
      files.push(p);
      void e;
    }
  }
  const results = await validateWorkflowFiles(files);
  for (const r of results) {
    // A valid file comes with its workflow: parsing a large file twice doubles the time and memory.
    if (r.workflow === undefined || options.allowUnknownSteps) continue;
    r.diagnostics.push(...unknownStepKinds(r.workflow, registry));
  }
  return results.map((r) => {
    const shown = displayPath(cwd, r.file);
    return { file: shown, path: r.file, diagnostics: r.diagnostics.map((d) => (d.location.file === r.file ? { ...d, location: { ...d.location, file: shown } } : d)) };
  });
}
