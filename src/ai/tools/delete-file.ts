/** The delete_file tool: removes one file (a symbolic link is removed itself, not its target). */
import { lstat, unlink } from 'node:fs/promises';
import { posix } from 'node:path';
import { z } from 'zod';
import { defineTool, ToolFailure } from './tool.ts';
import { workspacePath } from './workspace-path.ts';

const input = z.object({
  path: z.string().describe('File path relative to the workspace root.'),
});

/** Deletes a file; directories are refused so one call cannot remove a tree. */
export const deleteFileTool = defineTool({
  name: 'delete_file',
  description: 'Delete one file of the workspace. Directories are not deleted.',
  input,
  mutates: true,
  async run({ path }, ctx) {
    const file = await workspacePath(ctx.workspace, path, { write: true });
    const info = await lstat(file.entry).catch(() => undefined);
    if (!info) throw new ToolFailure(`${path} does not exist.`);
    if (info.isDirectory()) throw new ToolFailure(`${path} is a directory; only files can be deleted.`);
    await unlink(file.entry);
    return `Deleted ${posix.normalize(path)}.`;
  },
});
