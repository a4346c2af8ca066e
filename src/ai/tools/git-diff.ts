/** The git_diff tool: unstaged or staged changes, of the whole tree or one path. */
import { z } from 'zod';
import { gitOutput, isGitWorkTree } from './git-command.ts';
import { headOf } from './text-format.ts';
import { defineTool, ToolFailure } from './tool.ts';
import { workspacePath } from './workspace-path.ts';

/** Characters of diff shown. */
export const maxDiffChars = 50_000;

const input = z.object({
  path: z.string().optional().describe('Only changes to this file or directory, relative to the workspace root.'),
  staged: z.boolean().default(false).describe('Show staged changes (git diff --staged) instead of unstaged ones.'),
});

/** Shows `git diff` (external diff drivers and text conversion switched off). */
export const gitDiffTool = defineTool({
  name: 'git_diff',
  description: 'Show the changes of the working tree as a unified diff (git diff), or the staged changes with staged: true. Untracked files are not included; see git_status.',
  input,
  mutates: false,
  async run({ path, staged }, ctx) {
    if (!(await isGitWorkTree(ctx.workspace, ctx.signal))) throw new ToolFailure('the workspace is not a git repository.');
    const target = path === undefined ? [] : ['--', (await workspacePath(ctx.workspace, path)).display];
    const args = ['diff', '--no-color', '--no-ext-diff', '--no-textconv', ...(staged ? ['--staged'] : []), ...target];
    const diff = await gitOutput(ctx.workspace, args, ctx.signal);
    const scope = `${staged ? 'staged ' : ''}changes${path === undefined ? '' : ` to ${path}`}`;
    if (diff.trim() === '') return `No ${scope}.${staged ? '' : ' (Untracked files are not shown; see git_status.)'}`;
    const shown = headOf(diff, maxDiffChars);
    return shown.cut ? `${shown.text}\n[Diff truncated at ${maxDiffChars} characters of ${diff.length}; pass path to see one file.]` : shown.text;
  },
});
