/** What the scheduler needs from the engine, passed in so decisions stay testable. */
import type { Clock } from '../core/clock.ts';
import type { JobDefinition } from '../dsl/model.ts';
import type { StepRegistry } from './ports/step.ts';
import type { RunExecution } from './run-execution.ts';
import type { JobState } from './run-state.ts';

/** Dependencies of the scheduling decisions. */
export interface SchedulerDeps {
  clock: Clock;
  /** In [0, 1); used for retry jitter, recorded in the history through the delay it produced. */
  random: () => number;
  registry: StepRegistry;
  /** `github` context for a job. */
  github(x: RunExecution, jobId: string): Record<string, unknown>;
  /** The jobs to run when `--job` was given (with what they need); undefined = all. */
  selectedJobs(x: RunExecution): Set<string> | undefined;
  /** True when the job may start; opens an approval wait when its environment requires one. */
  environmentGate(x: RunExecution, job: JobState, def: JobDefinition): boolean;
  /** Opens a sealed value (outputs that held a secret). */
  unseal(sealed: string): unknown;
  /** `runner` context. */
  runner: Record<string, unknown>;
}
