/**
 * `actions/checkout`, offline first. By default the run's workspace is already the checkout: it is
 * used as it is (uncommitted changes included — what you want when trying a workflow locally) and
 * nothing is changed. With `path:`, another `repository:`, or a `ref:` that is not the workspace's
 * HEAD, real git clones into `path` (under the workspace): from the workspace's own repository when
 * it is the same repository, else from `github.server_url`. Your working copy is never switched to
 * another ref: a `ref:` that differs, with no `path:`, gets a warning and the workspace as it is.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { permanent } from '../../core/failure.ts';
import type { StepContext, StepExecutor, StepResult } from '../../engine/ports/step.ts';
import { cloneInto, gitIn, type CloneRequest } from './checkout-git.ts';
import { booleanInput, integerInput, multilineInput, noteUnusedInputs, stringInput } from './inputs.ts';
import { githubOf, workspaceOf } from './workspace.ts';

const used = ['repository', 'ref', 'path', 'fetch-depth', 'fetch-tags', 'clean', 'submodules', 'sparse-checkout', 'sparse-checkout-cone-mode', 'token', 'persist-credentials', 'show-progress', 'set-safe-directory', 'ssh-key', 'ssh-known-hosts', 'ssh-strict', 'ssh-user', 'github-server-url', 'filter', 'lfs'];

/** The checkout built-in. */
export const checkout: StepExecutor = {
  repeatSafe: true,
  async execute(ctx): Promise<StepResult> {
    noteUnusedInputs(ctx.step.with, used, (t) => ctx.log('system', t));
    const w = ctx.step.with;
    const github = githubOf(ctx);
    const workspace = workspaceOf(ctx);
    const own = stringInput(github, 'repository');
    const repository = stringInput(w, 'repository', own);
    const same = repository.toLowerCase() === own.toLowerCase();
    const target = path.resolve(workspace, stringInput(w, 'path', '.'));
    if (path.relative(workspace, target).startsWith('..')) throw permanent(`Repository path '${target}' is not under '${workspace}'`);
    if (booleanInput(w, 'lfs', false)) ctx.log('system', 'lfs: true — Git LFS objects are not fetched locally; run `git lfs pull` in a step if you need them\n');
    const local = same ? await gitIn(ctx, workspace).try('rev-parse', '--show-toplevel') : undefined;
    if (same && target === workspace) return useWorkspace(ctx, workspace, local !== undefined);
    const request = cloneRequest(ctx, target, same && local !== undefined ? pathToFileURL(local).href : remoteUrl(github, w, repository), same);
    const { ref, commit } = await cloneInto(ctx, request);
    ctx.log('stdout', `Checked out ${repository || 'the workspace repository'} at ${commit} (${ref}) into ${target}\n`);
    return { outcome: 'success', outputs: { ref, commit } };
  },
};

/** The default: the workspace as it is, with a warning when `ref:` asks for another commit. */
async function useWorkspace(ctx: StepContext, workspace: string, isRepo: boolean): Promise<StepResult> {
  const github = githubOf(ctx);
  if (!isRepo) {
    ctx.log('stdout', `using the local workspace ${workspace} (not a git repository)\n`);
    return { outcome: 'success', outputs: { ref: stringInput(github, 'ref'), commit: stringInput(github, 'sha') } };
  }
  const git = gitIn(ctx, workspace);
  const head = (await git.try('rev-parse', 'HEAD')) ?? '';
  const ref = stringInput(ctx.step.with, 'ref');
  const wanted = ref === '' ? head : await git.try('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  const dirty = (await git.try('status', '--porcelain', '--untracked-files=no')) ? ' (with uncommitted changes)' : '';
  ctx.log('stdout', `using the local workspace ${workspace} at ${head || '(no commits)'}${dirty}\n`);
  if (wanted === head) return { outcome: 'success', outputs: { ref: ref || stringInput(github, 'ref'), commit: head } };
  const message = `ref '${ref}' is ${wanted ? `commit ${wanted}` : 'not in the workspace repository'}, but the workspace is at ${head}; autodevops does not switch your working copy to another ref, so the workspace is used as it is. Set with.path to clone '${ref}' into a subdirectory, or run with --workdir on a checkout of it.`;
  ctx.log('system', `##[warning]${message}\n`);
  return { outcome: 'success', outputs: { ref: ref, commit: head }, annotations: [{ level: 'warning', message }] };
}

function remoteUrl(github: Record<string, unknown>, w: Record<string, unknown>, repository: string): string {
  if (repository === '') throw permanent('actions/checkout: the workspace is not a git repository and no repository is known to clone; pass with.repository (owner/name) or run in a git checkout');
  const server = stringInput(w, 'github-server-url', stringInput(github, 'server_url', 'https://github.com')).replace(/\/$/, '');
  return `${server}/${repository}`;
}

function cloneRequest(ctx: StepContext, target: string, url: string, same: boolean): CloneRequest {
  const w = ctx.step.with;
  const github = githubOf(ctx);
  const explicit = stringInput(w, 'ref');
  // Without `ref:`, the same repository is checked out at the event's ref and commit, as on GitHub.
  const sameDefault = explicit === '' && same;
  const submodules = stringInput(w, 'submodules', 'false').toLowerCase();
  const secrets = (ctx.contexts.secrets ?? {}) as Record<string, string | undefined>;
  const token = stringInput(w, 'token') || secrets.GITHUB_TOKEN || undefined;
  if (token) ctx.addMask(token);
  return {
    url, target, token: url.startsWith('file:') ? undefined : token,
    ref: sameDefault ? stringInput(github, 'ref') : explicit,
    sha: sameDefault ? stringInput(github, 'sha') || undefined : undefined,
    depth: integerInput(w, 'fetch-depth', 1),
    fetchTags: booleanInput(w, 'fetch-tags', false),
    clean: booleanInput(w, 'clean', true),
    submodules: submodules === 'recursive' ? 'recursive' : submodules === 'true' ? 'true' : 'false',
    sparse: multilineInput(w, 'sparse-checkout'),
    sparseCone: booleanInput(w, 'sparse-checkout-cone-mode', true),
  };
}
