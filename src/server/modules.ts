/** The route modules of the REST API, in the order they are registered (and documented). */
import type { RouteModule } from './deps.ts';
import { registerArtifactRoutes } from './routes/artifacts.ts';
import { registerOperationRoutes } from './routes/operations.ts';
import { registerProjectEventRoutes } from './routes/project-events.ts';
import { registerProjectRoutes } from './routes/projects.ts';
import { registerRunCommandRoutes } from './routes/run-commands.ts';
import { registerRunLogRoutes } from './routes/run-logs.ts';
import { registerRunRoutes } from './routes/runs.ts';
import { registerSecretRoutes } from './routes/secrets.ts';
import { registerTokenRoutes } from './routes/tokens.ts';
import { registerUsageRoutes } from './routes/usage.ts';
import { registerVariableRoutes } from './routes/variables.ts';
import { registerWebhookSecretRoutes } from './routes/webhook-secrets.ts';
import { registerWorkflowRoutes } from './routes/workflows.ts';

/** Every resource of the API; other modules (webhooks, schedules) are passed to createServerApi. */
export const coreRouteModules: readonly RouteModule[] = [
  registerOperationRoutes, registerProjectRoutes, registerWorkflowRoutes, registerRunRoutes, registerRunCommandRoutes, registerRunLogRoutes,
  registerArtifactRoutes, registerUsageRoutes, registerProjectEventRoutes, registerVariableRoutes, registerSecretRoutes, registerTokenRoutes, registerWebhookSecretRoutes,
];
