/** The git_status tool: the branch and the changed files, short format. */
import { z } from 'zod';
import { gitOutput, isGitWorkTree } from './git-command.ts';
import { headOf } from './text-format.ts';
import { defineTool, ToolFailure } from './tool.ts';

/** Characters of status output shown. */
const maxStatusChars = 20_000;

/** Shows `git status --short --branch` of the workspace. */
export const gitStatusTool = defineTool({
  name: 'git_status',
  description: 'Show the current branch and which files are modified, staged, deleted or untracked (git status --short --branch).',
  input: z.object({}),
  mutates: false,
  async run(_input, ctx) {
    if (!(await isGitWorkTree(ctx.workspace, ctx.signal))) throw new ToolFailure('the workspace is not a git repository.');
    const output = await gitOutput(ctx.workspace, ['status', '--short', '--branch', '--untracked-files=all'], ctx.signal);
    const lines = output.trimEnd().split('\n');
    if (lines.length <= 1) return `${lines[0] ?? ''}\nWorking tree clean: no changes.`;
    const shown = headOf(output.trimEnd(), maxStatusChars);
    return shown.cut ? `${shown.text}\n[Status truncated; ${lines.length - 1} entries in all.]` : shown.text;
  },
});
