/**
 * A webhook server on a loopback port for the webhook tests: an app holding only the webhook
 * routes, deps backed by a real sqlite delivery log, and a recorder of dispatched runs.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { DatabaseSync } from 'node:sqlite';
import { serve } from '@hono/node-server';
import { OpenAPIHono } from '@hono/zod-openapi';
import { deliveryLog, type DeliveryLog } from '../delivery-log.ts';
import type { TriggerRequest, WebhookDeps, WebhookWorkflow } from '../webhook-deps.ts';
import { registerWebhookRoutes } from '../webhook-routes.ts';

/** One dispatched run, as recorded. */
export interface Dispatched {
  project: string;
  workflowId: string;
  trigger: TriggerRequest;
}

/** The running server and what it did. */
export interface WebhookHarness {
  url: string;
  api: OpenAPIHono;
  dispatched: Dispatched[];
  log: DeliveryLog;
  /** Replaceable: how dispatch answers (default: a new run id). */
  dispatch: WebhookDeps['dispatch'];
  post(pathname: string, body: string | Uint8Array, headers: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** The secrets of the test project "shop". */
export const secrets = { github: 'gh-secret', gitlab: 'gl-token', hmac: 'hmac-secret' } as const;

/** Starts the server; project "shop" has every secret, project "bare" none. */
export async function startWebhookHarness(workflows: WebhookWorkflow[] | (() => WebhookWorkflow[]), matchTrigger: WebhookDeps['matchTrigger'], now?: () => number): Promise<WebhookHarness> {
  const db = new DatabaseSync(':memory:');
  const log = deliveryLog(db);
  const dispatched: Dispatched[] = [];
  const harness = { dispatched, log } as WebhookHarness;
  harness.dispatch = async (project, workflowId, trigger) => {
    dispatched.push({ project, workflowId, trigger });
    return { runId: `run-${dispatched.length}` };
  };
  const deps: WebhookDeps = {
    projectExists: (project) => project === 'shop' || project === 'bare',
    secretOf: (project, kind) => (project === 'shop' ? secrets[kind] : undefined),
    recordDelivery: (project, id) => log.record(project, id),
    forgetDelivery: (project, id) => log.forget(project, id),
    workflowsOf: () => (typeof workflows === 'function' ? workflows() : workflows),
    matchTrigger,
    dispatch: (project, workflowId, trigger) => harness.dispatch(project, workflowId, trigger),
    ...(now && { now }),
  };
  const api = new OpenAPIHono();
  registerWebhookRoutes(api, deps);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: api.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  harness.api = api;
  harness.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  harness.post = async (pathname, body, headers) => {
    const res = await fetch(`${harness.url}${pathname}`, { method: 'POST', body, headers });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  harness.close = () => new Promise<void>((resolve) => server.close(() => {
    db.close();
    resolve();
  }));
  return harness;
}

interface ExampleSet { name: string; examples: Array<Record<string, unknown>> }

/** The first example payload of `event` from @octokit/webhooks-examples that satisfies `where`. */
export function githubExample(event: string, where: (payload: Record<string, unknown>) => boolean = () => true): Record<string, unknown> {
  const sets = createRequire(import.meta.url)('@octokit/webhooks-examples') as ExampleSet[];
  const found = sets.find((s) => s.name === event)?.examples.find(where);
  if (found === undefined) throw new Error(`no example of ${event} fits`);
  return found;
}
