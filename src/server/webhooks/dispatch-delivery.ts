/**
 * Matches a parsed delivery against every workflow of the project and starts a run of each match.
 * A `pull_request` delivery is looked up under `pull_request` and `pull_request_target` (GitHub sends
 * one webhook for both); a workflow with both triggers gets two runs, as on GitHub.
 */
import type { AutodevopsError } from '../../core/errors.ts';
import { asAutodevopsError } from '../errors.ts';
import type { ParsedDelivery } from './parsed-delivery.ts';
import type { TriggerRequest, WebhookDeps, WebhookWorkflow } from './webhook-deps.ts';

/** A run started by a delivery. */
export interface StartedRun {
  workflow: string;
  event: string;
  runId: string;
}

/** What a delivery did, workflow by workflow. */
export interface DeliveryOutcome {
  runs: StartedRun[];
  /** Why the whole delivery was ignored by the gate (`WebhookDeps.admit`). */
  ignored?: string;
  notMatched: Array<{ workflow: string; reason: string }>;
  failed: Array<{ workflow: string; event: string; error: AutodevopsError }>;
}

const eventsOf = (event: string): string[] => (event === 'pull_request' ? ['pull_request', 'pull_request_target'] : [event]);

/** The run request for `event`; pull_request_target runs on the base branch, as on GitHub. */
function triggerFor(delivery: ParsedDelivery, event: string): TriggerRequest {
  if (event === 'pull_request_target') {
    const base = delivery.baseRef;
    return { event, payload: delivery.payload, source: delivery.source, ...(base !== undefined && { ref: base.startsWith('refs/') ? base : `refs/heads/${base}` }) };
  }
  return {
    event, payload: delivery.payload, source: delivery.source,
    ...(delivery.ref !== undefined && { ref: delivery.ref }), ...(delivery.sha !== undefined && { sha: delivery.sha }),
  };
}

/** The events this workflow runs for, or why it does not. */
function matchWorkflow(deps: WebhookDeps, workflow: WebhookWorkflow, delivery: ParsedDelivery): { events: string[]; reason: string } {
  if (delivery.workflowFile !== undefined && workflow.file !== delivery.workflowFile && workflow.id !== delivery.workflowFile) {
    return { events: [], reason: `the delivery dispatches ${delivery.workflowFile}` };
  }
  const verdicts = eventsOf(delivery.event).map((event) => ({ event, ...deps.matchTrigger(workflow.triggers, { ...delivery, event }) }));
  const events = verdicts.filter((v) => v.matched).map((v) => v.event);
  const relevant = verdicts.filter((v) => Object.hasOwn(workflow.triggers, v.event));
  return { events, reason: (relevant.length > 0 ? relevant : verdicts).map((v) => v.reason).join('; ') };
}

/** Starts a run of every workflow of `project` that `delivery` triggers. */
export async function dispatchDelivery(deps: WebhookDeps, project: string, delivery: ParsedDelivery): Promise<DeliveryOutcome> {
  const outcome: DeliveryOutcome = { runs: [], notMatched: [], failed: [] };
  const refused = await deps.admit?.(project, { event: delivery.event, ...(delivery.action !== undefined && { action: delivery.action }), payload: delivery.payload as Record<string, unknown> });
  if (refused !== undefined) return { ...outcome, ignored: refused };
  const starts: Array<{ workflow: string; event: string; started: Promise<{ runId: string }> }> = [];
  for (const workflow of deps.workflowsOf(project)) {
    const { events, reason } = matchWorkflow(deps, workflow, delivery);
    if (events.length === 0) outcome.notMatched.push({ workflow: workflow.id, reason });
    for (const event of events) {
      // async, so a dispatch that throws synchronously fails this run only.
      const started = (async () => deps.dispatch(project, workflow.id, triggerFor(delivery, event)))();
      starts.push({ workflow: workflow.id, event, started });
    }
  }
  const settled = await Promise.allSettled(starts.map((s) => s.started));
  settled.forEach((result, i) => {
    const { workflow, event } = starts[i]!;
    if (result.status === 'fulfilled') outcome.runs.push({ workflow, event, runId: result.value.runId });
    else outcome.failed.push({ workflow, event, error: asAutodevopsError(result.reason) });
  });
  return outcome;
}
