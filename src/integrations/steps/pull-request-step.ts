/**
 * `autodevops/pull-request@v1`: pushes the run's branch to the forge with the forge's token and
 * opens a pull (merge) request from it, or updates the one already open for that branch.
 *
 * Inputs: `branch` (default: the checked-out branch; pass `${{ steps.code.outputs.branch }}`),
 * `base` (default: the remote's default branch, else `main`), `title` (default: the summary's
 * first line), `body`, `summary`, `tests` (test evidence), `run-url`, `draft`, `force`, and the
 * target inputs of forge-target.ts (`path`, `remote`, `forge`, `repository`).
 * Outputs: `number`, `url`, `created`, `branch`, `sha`, `forge`, `repository`; on failure `error-code`.
 */
import { AutodevopsError } from '../../core/errors.ts';
import type { StepContext, StepExecutor, StepResult } from '../../engine/ports/step.ts';
import { pushBranch } from '../git/push-branch.ts';
import { currentBranch, remoteDefaultBranch } from '../git/repo-info.ts';
import type { ForgeConnector } from './forge-connection.ts';
import { credentialLookup, failed, resolveTarget, type ForgeTarget } from './forge-target.ts';
import { pullRequestBody } from './pr-body.ts';
import { booleanInput, textInput } from './step-inputs.ts';

const name = 'autodevops/pull-request';

/** The pull-request step, connecting to forges through `connector`. */
export function pullRequestStep(connector: ForgeConnector): StepExecutor {
  // Safe to repeat: pushing the same commit again changes nothing, and the pull request is updated, not opened twice.
  return { repeatSafe: true, execute: (ctx) => run(ctx, connector).catch((error: unknown) => failed(error, 'Pull request not opened')) };
}

async function run(ctx: StepContext, connector: ForgeConnector): Promise<StepResult> {
  const inputs = ctx.step.with;
  const target = await resolveTarget(name, ctx, connector);
  const branch = textInput(name, inputs, 'branch') ?? (await currentBranch(target.repoDir));
  if (!branch) throw new AutodevopsError('ADO_CONFIG_INVALID', `${name}: input \`branch\` is needed: ${target.repoDir} has no branch checked out.`, { hint: 'Pass the branch to push, e.g. branch: ${{ steps.code.outputs.branch }}.' });
  const base = textInput(name, inputs, 'base') ?? (await defaultBase(target)) ?? 'main';
  const draft = booleanInput(name, inputs, 'draft', false);
  const force = booleanInput(name, inputs, 'force', false);
  ctx.log('system', `pushing ${branch} to ${target.kind} ${target.repo.owner}/${target.repo.name}\n`);
  const pushed = await pushBranch({ repoDir: target.repoDir, remoteUrl: target.remote, branch, token: target.connection.pushToken, forge: target.kind, force, signal: ctx.signal });
  if (pushed.output) ctx.log('stderr', `${pushed.output}\n`);
  const summary = textInput(name, inputs, 'summary');
  const title = textInput(name, inputs, 'title') ?? summary?.split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 200) ?? `autodevops: ${branch}`;
  const body = pullRequestBody({ text: textInput(name, inputs, 'body'), summary, tests: textInput(name, inputs, 'tests'), runId: ctx.runId, runUrl: runUrl(ctx, connector), branch, sha: pushed.sha });
  // Secrets never leave the run: the title and body are masked like its logs.
  const pr = await target.connection.forge.openOrUpdatePullRequest({ repo: target.repo, head: branch, base, title: ctx.mask(title), body: ctx.mask(body), draft });
  ctx.log('stdout', `${pr.created ? 'opened' : 'updated'} ${pr.url}\n`);
  const outputs = { number: String(pr.number), url: pr.url, created: String(pr.created), branch, sha: pushed.sha, forge: target.kind, repository: `${target.repo.owner}/${target.repo.name}` };
  return { outcome: 'success', outputs, summary: `### Pull request ${pr.created ? 'opened' : 'updated'}\n\n[${ctx.mask(title)}](${pr.url}) — \`${branch}\` into \`${base}\` at ${pushed.sha.slice(0, 12)}.\n` };
}

async function defaultBase(target: ForgeTarget): Promise<string | undefined> {
  return target.remoteName === undefined ? undefined : remoteDefaultBranch(target.repoDir, target.remoteName);
}

/** `with: run-url`, else the run's page under `AUTODEVOPS_URL` when autodevops knows its address. */
function runUrl(ctx: StepContext, connector: ForgeConnector): string | undefined {
  const given = textInput(name, ctx.step.with, 'run-url');
  if (given) return given;
  const server = connector.setting('AUTODEVOPS_URL', credentialLookup(ctx));
  return server ? `${server.replace(/\/+$/, '')}/runs/${ctx.runId}` : undefined;
}
