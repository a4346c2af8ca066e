/**
 * The few parts of a run's workflow definition observability reads: which jobs deploy where, and
 * what each step was written to do (`run:` or `uses:` with `with:`). Described structurally, so
 * the composition root passes the DSL's WorkflowDefinition as it is and this layer imports nothing of it.
 */

/** A step as written: exactly one of `run` and `uses`. */
export interface StepShape {
  run?: string;
  uses?: string;
  with: Record<string, unknown>;
}

/** A job as written. */
export interface JobShape {
  id: string;
  environment?: { name: string };
  steps: StepShape[];
}

/** A workflow as written. */
export interface WorkflowShape {
  jobs: JobShape[];
}

/** The workflow of a run, as the composition root reads it (undefined when it cannot). */
export type DescribeWorkflow = (runId: string) => Promise<WorkflowShape | undefined>;

/** The job definition of a job key: matrix instances (`build.1`) belong to job `build`. */
export function jobOf(workflow: WorkflowShape | undefined, jobKey: string): JobShape | undefined {
  // Job ids hold letters, digits, `-` and `_` only, so the first `.` starts the instance suffix.
  const id = jobKey.split('.')[0];
  return workflow?.jobs.find((j) => j.id === id);
}

/** What a step was written to do, for `input.value`: `{ run }` or `{ uses, with }` (expressions unevaluated). */
export function stepInput(workflow: WorkflowShape | undefined, jobKey: string, index: number): Record<string, unknown> {
  const step = jobOf(workflow, jobKey)?.steps[index];
  if (!step) return {};
  if (step.run !== undefined) return { run: step.run };
  return { uses: step.uses, ...(Object.keys(step.with).length > 0 && { with: step.with }) };
}
