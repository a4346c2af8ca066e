/**
 * What the webhook routes need from the rest of the server, as the few functions actually called:
 * the composition root wires them to the project registry, the engine and the DSL's trigger
 * matching (the server layer may not import the DSL, so `matchTrigger` arrives here as a function).
 */

/** Which secret a webhook kind is verified with. */
export type WebhookKind = 'github' | 'gitlab' | 'hmac';

/** The filters of one `on:` trigger; the DSL's TriggerDefinition has this shape. */
export interface TriggerFilters {
  types?: string[];
  branches?: string[];
  'branches-ignore'?: string[];
  tags?: string[];
  'tags-ignore'?: string[];
  paths?: string[];
  'paths-ignore'?: string[];
}

/** What trigger matching reads of a delivery (the DSL's TriggerDelivery). */
export interface TriggerDelivery {
  event: string;
  action?: string;
  ref?: string;
  baseRef?: string;
  changedFiles?: string[];
}

/** A registered workflow as the webhook routes see it. */
export interface WebhookWorkflow {
  id: string;
  /** Repository path of the file (`.github/workflows/ci.yml`); a workflow_dispatch delivery names it. */
  file?: string;
  triggers: Record<string, TriggerFilters>;
}

/** Where a delivery came from, with the forge's own event and action names. */
export interface DeliverySource {
  forge: 'github' | 'gitlab' | 'generic';
  /** The forge's event name (`push`, `merge_request`, `note`, `tag_push`…). */
  event: string;
  action?: string;
  deliveryId: string;
}

/** A run request produced by a trigger (webhook or schedule). */
export interface TriggerRequest {
  /** The GitHub event name the workflow sees (`github.event_name`). */
  event: string;
  /** The event payload (`github.event`), as the forge sent it. */
  payload: object;
  ref?: string;
  sha?: string;
  source?: DeliverySource;
}

/** The webhook routes' dependencies. */
export interface WebhookDeps {
  projectExists(project: string): boolean;
  /** The project's webhook secret for this kind; undefined when none is configured (deliveries are then refused). */
  secretOf(project: string, kind: WebhookKind): string | undefined;
  /** Records a delivery id; false when it was recorded before (a repeated delivery). See deliveryLog(). */
  recordDelivery(project: string, deliveryId: string): boolean;
  /** Forgets a recorded delivery whose runs could not be started, so a redelivery is acted on. */
  forgetDelivery(project: string, deliveryId: string): void;
  workflowsOf(project: string): WebhookWorkflow[];
  /** The DSL's matchTrigger. */
  matchTrigger(triggers: Record<string, TriggerFilters>, delivery: TriggerDelivery): { matched: boolean; reason: string };
  dispatch(project: string, workflowId: string, trigger: TriggerRequest): Promise<{ runId: string }>;
  /**
   * A gate before any workflow is matched: a reason to ignore the delivery (which is then logged and
   * starts nothing), or undefined to go on. Used for `/autodevops` comments from users without write access.
   */
  admit?(project: string, delivery: { event: string; action?: string; payload: Record<string, unknown> }): Promise<string | undefined>;
  /** Time source for the generic webhook's timestamp check; defaults to Date.now. */
  now?(): number;
}
