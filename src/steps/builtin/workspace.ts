/** Where a built-in action works: the run's workspace (`github.workspace`) and the `github` context. */
import type { StepContext } from '../../engine/ports/step.ts';

/** The `github` context as plain strings and objects. */
export function githubOf(ctx: StepContext): Record<string, unknown> {
  const github = ctx.contexts.github;
  return typeof github === 'object' && github !== null ? (github as Record<string, unknown>) : {};
}

/** The workspace (`github.workspace`, else GITHUB_WORKSPACE, else the step's directory). */
export function workspaceOf(ctx: StepContext): string {
  const workspace = githubOf(ctx).workspace;
  return typeof workspace === 'string' && workspace !== '' ? workspace : ctx.env.GITHUB_WORKSPACE ?? ctx.step.workingDirectory;
}
