/**
 * What starts runs without a person: forge webhooks and `on.schedule` crons, wired to the project
 * registry and dispatch. Trigger matching comes from the DSL, which the server layer may not
 * import, so the composition root passes it in.
 */
import type { Clock } from '../core/clock.ts';
import { access } from './auth.ts';
import type { RouteModule, ServerDeps } from './deps.ts';
import { registerScheduleRoutes } from './schedules/schedule-routes.ts';
import { scheduleStore } from './schedules/schedule-store.ts';
import { Scheduler, type ScheduleEvent } from './schedules/scheduler.ts';
import { deliveryLog } from './webhooks/delivery-log.ts';
import type { TriggerDelivery, TriggerFilters, WebhookDeps } from './webhooks/webhook-deps.ts';
import { registerWebhookRoutes } from './webhooks/webhook-routes.ts';
import { commentGate, type PermissionOf } from './comment-gate.ts';

/** The DSL's trigger matching (src/dsl/trigger-filter.ts). */
export type MatchTrigger = (triggers: Record<string, TriggerFilters>, delivery: TriggerDelivery) => { matched: boolean; reason: string };

/** The webhook routes and the durable scheduler of a server. */
export interface Triggers {
  modules: RouteModule[];
  scheduler: Scheduler;
}

function webhookDeps(deps: ServerDeps, matchTrigger: MatchTrigger, admit: WebhookDeps['admit']): WebhookDeps {
  const log = deliveryLog(deps.db, deps.now);
  return {
    projectExists: (project) => deps.projects.get(project) !== undefined,
    secretOf: (project, kind) => deps.webhookSecret(project, kind),
    recordDelivery: (project, id) => log.record(project, id),
    forgetDelivery: (project, id) => log.forget(project, id),
    workflowsOf: (project) => deps.workflows.withTriggers(project).map((v) => ({ id: v.workflowId, file: v.file, triggers: v.on as Record<string, TriggerFilters> })),
    matchTrigger,
    ...(admit && { admit }),
    dispatch: async (project, workflow, trigger) => {
      const actor = trigger.source ? `${trigger.source.forge}-webhook` : 'webhook';
      const { runId } = await deps.dispatch({
        project, workflow, event: trigger.event, eventPayload: trigger.payload as Record<string, unknown>, actor,
        ...(trigger.ref !== undefined && { ref: trigger.ref }), ...(trigger.sha !== undefined && { sha: trigger.sha }),
      });
      return { runId };
    },
    now: deps.now,
  };
}

function schedulesOf(deps: ServerDeps): Array<{ project: string; workflowId: string; crons: string[] }> {
  return deps.projects.list().flatMap((p) => deps.workflows.withTriggers(p.name).flatMap((v) => {
    const crons = (v.on.schedule as { cron?: string[] } | undefined)?.cron ?? [];
    return crons.length > 0 ? [{ project: p.name, workflowId: v.workflowId, crons }] : [];
  }));
}

/** Builds the trigger routes and the scheduler; start the scheduler when the server listens. */
export function createTriggers(deps: ServerDeps, options: {
  matchTrigger: MatchTrigger;
  clock: Clock;
  onScheduleEvent?: (event: ScheduleEvent) => void;
  /** How to ask the forge for a commenter's permission (see commentGate); without it such comments are ignored. */
  permissionOf?: PermissionOf;
  log?: (message: string) => void;
}): Triggers {
  const store = scheduleStore(deps.db);
  const scheduler = new Scheduler({
    store, clock: options.clock, ...(options.onScheduleEvent && { onEvent: options.onScheduleEvent }),
    deps: {
      workflowsWithSchedules: () => schedulesOf(deps),
      dispatch: async (project, workflow, trigger) => {
        const { runId } = await deps.dispatch({ project, workflow, event: 'schedule', eventPayload: trigger.payload, actor: 'schedule' });
        return { runId };
      },
    },
  });
  deps.onWorkflowsChanged = () => scheduler.replan();
  const webhooks = webhookDeps(deps, options.matchTrigger, commentGate(options.permissionOf, options.log ?? ((m) => process.stderr.write(`${m}\n`))));
  return {
    scheduler,
    modules: [
      (api) => registerWebhookRoutes(api, webhooks),
      (api) => registerScheduleRoutes(api, {
        projectExists: (project) => deps.projects.get(project) !== undefined,
        schedulesOf: (project) => store.list().filter((row) => row.project === project),
        access: access(deps, 'project', 'viewer') as never,
      }),
    ],
  };
}
