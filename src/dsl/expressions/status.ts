/**
 * The status check functions of `if:` conditions.
 *
 * The runner answers them from one job status (actions/runner, src/Runner.Worker/Expressions):
 * success() is `status == Success`, failure() is `status == Failure`, cancelled() is
 * `status == Cancelled`, always() is true. Once a run is cancelled the job status becomes
 * Cancelled, so after a cancellation failure() is false even if a step had failed before, and
 * success() is false too. StatusState keeps the two facts separately and this module applies that
 * precedence. For a job-level `if:`, `failed` means "an ancestor job (through needs) failed".
 */

/** What the status functions look at: did an earlier step (or ancestor job) fail; was the run cancelled. */
export interface StatusState {
  failed: boolean;
  cancelled: boolean;
}

/** The status check functions; a condition naming none of them is read as `success() && (…)`. */
export const statusFunctionNames = ['success', 'failure', 'always', 'cancelled'] as const;

/** One of the status check functions, lower-cased. */
export type StatusFunctionName = (typeof statusFunctionNames)[number];

/** Whether a lower-cased function name is a status function. */
export function isStatusFunction(name: string): name is StatusFunctionName {
  return (statusFunctionNames as readonly string[]).includes(name);
}

/** The value of a status function for `status`. */
export function statusFunction(name: StatusFunctionName, status: StatusState): boolean {
  switch (name) {
    case 'success': return !status.failed && !status.cancelled;
    case 'failure': return status.failed && !status.cancelled;
    case 'cancelled': return status.cancelled;
    case 'always': return true;
  }
}
