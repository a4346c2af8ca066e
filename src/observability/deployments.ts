/**
 * Which jobs are deployments — the convention the DORA metrics count by:
 *
 * - a job with `environment:` (GitHub's own way to say "this job deploys to production"), or
 * - a job with a `uses: autodevops/deploy@…` step;
 *
 * its completion (success or failure; cancelled and skipped jobs are not deployments) is one
 * deployment to that environment. The environment is the job's `environment:` name, else the deploy
 * step's `with: environment`, else `default`. A name written as an expression is resolved when it is
 * just `${{ inputs.<name> }}` (or `github.event.inputs.<name>`); any other expression counts as `unknown`.
 */
import type { Trigger } from '../core/events.ts';
import type { JobShape } from './workflow-shape.ts';

const DEPLOY_STEP = /^autodevops\/deploy@/;
const INPUT_EXPRESSION = /^\$\{\{\s*(?:github\.event\.)?inputs\.([A-Za-z_][\w-]*)\s*\}\}$/;
/** Label values stay short: they name environments, never carry text. */
const MAX_NAME = 64;

/** The environment a job deploys to, or undefined when the job is not a deployment. */
export function deploymentEnvironment(job: JobShape | undefined, inputs: Trigger['inputs']): string | undefined {
  if (!job) return undefined;
  const step = job.steps.find((s) => s.uses !== undefined && DEPLOY_STEP.test(s.uses));
  const written = job.environment?.name ?? (typeof step?.with.environment === 'string' ? step.with.environment : undefined);
  if (written === undefined) return step ? 'default' : undefined;
  return resolveName(written.trim(), inputs);
}

function resolveName(name: string, inputs: Trigger['inputs']): string {
  if (!name.includes('${{')) return name.slice(0, MAX_NAME) || 'default';
  const input = INPUT_EXPRESSION.exec(name)?.[1];
  const value = input === undefined ? undefined : inputs[input];
  return value === undefined || value === '' ? 'unknown' : String(value).slice(0, MAX_NAME);
}

/** When the deployed commit was made (`head_commit.timestamp` of a push payload), in epoch ms. */
export function commitTime(trigger: Trigger): number | undefined {
  const head = trigger.payload.head_commit as { id?: unknown; timestamp?: unknown } | null | undefined;
  if (typeof head?.timestamp !== 'string') return undefined;
  // The payload's commit must be the one deployed; a run on another sha says nothing about it.
  if (trigger.sha !== undefined && typeof head.id === 'string' && head.id !== trigger.sha) return undefined;
  const at = Date.parse(head.timestamp);
  return Number.isNaN(at) ? undefined : at;
}
