/** The create_file tool: writes a new file, and replaces one only when asked to. */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { splitLines } from './text-format.ts';
import { defineTool, ToolFailure } from './tool.ts';
import { workspacePath } from './workspace-path.ts';

const input = z.object({
  path: z.string().describe('File path relative to the workspace root; missing directories are created.'),
  content: z.string().describe('The complete content of the file.'),
  overwrite: z.boolean().default(false).describe('Replace the file if it exists.'),
});

/** Creates a file (with its directories); refuses to overwrite unless `overwrite` is true. */
export const createFileTool = defineTool({
  name: 'create_file',
  description: 'Create a file with the given content (directories are created as needed). Refuses to replace an existing file unless overwrite is true; to change part of a file use edit_file.',
  input,
  mutates: true,
  async run({ path, content, overwrite }, ctx) {
    const file = await workspacePath(ctx.workspace, path, { write: true });
    const existing = await stat(file.real).catch(() => undefined);
    if (existing?.isDirectory()) throw new ToolFailure(`${path} is a directory.`);
    if (existing && !overwrite) {
      throw new ToolFailure(`${path} already exists (${existing.size} bytes). Use edit_file to change it, or set overwrite: true to replace it entirely.`);
    }
    await mkdir(dirname(file.real), { recursive: true });
    await writeFile(file.real, content);
    const verb = existing ? 'Overwrote' : 'Created';
    return `${verb} ${file.display} (${splitLines(content).length} lines, ${Buffer.byteLength(content)} bytes).`;
  },
});
