/**
 * `autodevops/issue-comment@v1`: posts a comment on an issue or pull request — the progress and the
 * outcome of issue-driven work, posted back where the person asked for it.
 *
 * Inputs: `body` (required), `issue` (default: the triggering issue or pull request,
 * `github.event.issue.number` / `pull_request.number`), `repository` (default `github.repository`),
 * `forge` (github (default) or gitlab). Outputs: `url`, `id`; on failure `error-code`.
 */
import type { StepContext, StepExecutor, StepResult } from '../../engine/ports/step.ts';
import type { ForgeConnector } from './forge-connection.ts';
import { credentialLookup, failed } from './forge-target.ts';
import { tracedForge } from './traced-forge.ts';
import { choiceInput, invalidInput, numberInput, textInput } from './step-inputs.ts';

const name = 'autodevops/issue-comment';

/** The issue-comment step, connecting to forges through `connector`. */
export function issueCommentStep(connector: ForgeConnector): StepExecutor {
  // Not safe to repeat: a crash after posting would post the comment twice; a person decides.
  return { repeatSafe: false, execute: (ctx) => run(ctx, connector).catch((error: unknown) => failed(error, 'Comment not posted')) };
}

function triggeringNumber(ctx: StepContext): number | undefined {
  const event = ((ctx.contexts['github'] ?? {}) as { event?: { issue?: { number?: unknown }; pull_request?: { number?: unknown } } }).event;
  const n = event?.issue?.number ?? event?.pull_request?.number;
  return typeof n === 'number' ? n : undefined;
}

async function run(ctx: StepContext, connector: ForgeConnector): Promise<StepResult> {
  const inputs = ctx.step.with;
  const body = textInput(name, inputs, 'body', { required: true })!;
  const number = numberInput(name, inputs, 'issue') ?? triggeringNumber(ctx);
  if (number === undefined) throw invalidInput(name, 'issue', 'is needed: the run was not triggered by an issue or a pull request');
  const repository = textInput(name, inputs, 'repository') ?? ((ctx.contexts['github'] ?? {}) as { repository?: string }).repository;
  const slash = repository?.lastIndexOf('/') ?? -1;
  if (!repository || slash <= 0) throw invalidInput(name, 'repository', `must be owner/name (got "${repository ?? ''}")`);
  const kind = choiceInput(name, inputs, 'forge', ['github', 'gitlab'] as const) ?? 'github';
  const connection = await connector.connect(kind, credentialLookup(ctx));
  for (const secret of connection.secrets) ctx.addMask(secret);
  const repo = { owner: repository.slice(0, slash), name: repository.slice(slash + 1) };
  // Secrets never leave the run: the comment is masked like its logs.
  const posted = await tracedForge(connection.forge, ctx).comment({ repo, number, body: ctx.mask(body) });
  ctx.log('stdout', `commented on ${repository}#${number}: ${posted.url}\n`);
  return { outcome: 'success', outputs: { url: posted.url, id: String(posted.id) } };
}
