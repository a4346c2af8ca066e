/** Lifecycle of a run. `waiting` = suspended on a person or a durable timer/event; `needs-decision` = an interrupted step that is not safe to repeat. */
export type RunStatus = 'queued' | 'running' | 'waiting' | 'needs-decision' | 'completed';

/** GitHub's conclusions, shared by runs, jobs and steps. */
export type Conclusion = 'success' | 'failure' | 'cancelled' | 'skipped';

/** Lifecycle of a job. */
export type JobStatus = 'pending' | 'running' | 'waiting' | 'completed';

/** Lifecycle of a step. */
export type StepStatus = 'pending' | 'running' | 'waiting' | 'completed';

