/**
 * Everything the routes work with, opened once per server: the App, server.db and its tables, the
 * project event journal, and run dispatch. Server modules (webhooks, schedules, audit) receive the
 * same object, so they dispatch runs, read workflows and keep their own tables in server.db the
 * same way the REST routes do.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AuthEnv } from './auth.ts';
import { dispatchRun, type DispatchRequest, type Dispatched } from './dispatch.ts';
import { projectEventsOf, type ProjectEvents } from './events/project-events.ts';
import { projectsOf, type Projects } from './registry/projects.ts';
import { runOwnersOf, type RunOwners } from './registry/run-owners.ts';
import { secretsOf, type Secrets } from './registry/secrets.ts';
import { openServerDb } from './registry/server-db.ts';
import { tokensOf, type Tokens } from './registry/tokens.ts';
import { variablesOf, type Variables } from './registry/variables.ts';
import { webhookSecretsOf, type WebhookKind, type WebhookSecrets } from './registry/webhook-secrets.ts';
import { workflowsOf, type Workflows } from './registry/workflows.ts';
import { openKeyRing, settleRotation, type SealerFactory } from './secrets/key-ring.ts';
import type { ServerApp } from './server-app.ts';

/** What the routes and server modules work with. */
export interface ServerDeps {
  app: ServerApp;
  /** Local workflow sources must be inside this directory (the server's working directory). */
  root: string;
  dataDir: string;
  /** The server's environment (rate limits, secrets key); absent in some tests. */
  env?: Record<string, string | undefined>;
  /** server.db; modules keep their own tables in it (see `applyMigrations`). */
  db: DatabaseSync;
  now: () => number;
  projects: Projects;
  tokens: Tokens;
  workflows: Workflows;
  runs: RunOwners;
  variables: Variables;
  secrets: Secrets;
  webhooks: WebhookSecrets;
  events: ProjectEvents;
  /** Resolves when the server shuts down: open streams and long polls end. */
  stopping: Promise<void>;
  /** Dispatches a run of a registered workflow, as `POST …/runs` does. */
  dispatch(request: DispatchRequest): Promise<Dispatched>;
  /** The project's webhook secret for a sender, or undefined when none was generated. */
  webhookSecret(project: string, kind: WebhookKind): string | undefined;
  /** Called after a workflow version is registered (the scheduler re-plans). */
  onWorkflowsChanged?: () => void;
}

/** A group of routes (one resource, or a module such as webhooks) added to the API. */
export type RouteModule = (api: OpenAPIHono<AuthEnv>, deps: ServerDeps) => void;

/** How to open the server's dependencies. */
export interface ServerDepsOptions {
  app: ServerApp;
  root: string;
  /** The environment: AUTODEVOPS_SECRETS_KEY. */
  env: Record<string, string | undefined>;
  /** Makes the AES-256-GCM sealer of a key (the composition root passes the store's). */
  sealWith: SealerFactory;
  now?: () => number;
}

/** Opened dependencies: `stop()` ends streams and long polls; `close()` also closes server.db. */
export type OpenedServerDeps = ServerDeps & { stop(): void; close(): void };

/** Opens server.db and wires the tables. */
export function openServerDeps(options: ServerDepsOptions): OpenedServerDeps {
  const { app, root, env, sealWith } = options;
  const now = options.now ?? Date.now;
  const dataDir = app.dataDir;
  const db = openServerDb(dataDir, now);
  settleRotation(db, dataDir);
  const ring = openKeyRing({ db, dataDir, env, sealWith });
  const runs = runOwnersOf(db);
  const events = projectEventsOf(db, runs, (runId) => app.readHistory(runId), now);
  let stop!: () => void;
  const stopping = new Promise<void>((resolve) => (stop = resolve));
  const webhooks = webhookSecretsOf(db, ring, now);
  const deps: ServerDeps = {
    app, root, dataDir, env, db, now, runs, events, stopping, webhooks,
    projects: projectsOf(db, now), tokens: tokensOf(db, now), workflows: workflowsOf(db, now),
    variables: variablesOf(db, now), secrets: secretsOf(db, ring, now),
    dispatch: (request) => dispatchRun(deps, request),
    webhookSecret: (project, kind) => webhooks.secret(project, kind),
  };
  const off = app.subscribe(undefined, (e) => events.record(e));
  return {
    ...deps,
    stop,
    close: () => {
      stop();
      off();
      events.close();
      db.close();
    },
  };
}
