/** The list_files tool: what a directory holds, a few levels deep, as git sees it. */
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { filesUnder } from './path-glob.ts';
import { defineTool, ToolFailure } from './tool.ts';
import { workspaceFiles } from './workspace-files.ts';
import { workspacePath } from './workspace-path.ts';

/** Entries shown at most; the rest is counted. */
export const maxEntries = 1000;

const input = z.object({
  path: z.string().default('.').describe('Directory relative to the workspace root; "." for the root.'),
  depth: z.number().int().min(1).max(20).default(1).describe('How many levels to show; 1 lists only the directory itself.'),
});

/** Lists a directory; ignored files (.gitignore), .git and node_modules are left out. */
export const listFilesTool = defineTool({
  name: 'list_files',
  description: 'List the files and subdirectories of a directory in the workspace (directories end with "/" and show how many files they hold). Respects .gitignore; skips .git and node_modules. Use depth > 1 to see nested levels.',
  input,
  mutates: false,
  async run({ path, depth }, ctx) {
    const dir = await workspacePath(ctx.workspace, path);
    const info = await stat(dir.real).catch(() => undefined);
    if (!info) throw new ToolFailure(`${path} does not exist.`);
    if (!info.isDirectory()) throw new ToolFailure(`${path} is a file, not a directory; read it with read_file.`);
    const entries = directoryEntries(filesUnder(await workspaceFiles(ctx.workspace, ctx.signal), dir.display), depth);
    return render(dir.display, depth, entries);
  },
});

/** Entry → number of files below it (0 for a file). */
function directoryEntries(files: readonly string[], depth: number): Map<string, number> {
  const entries = new Map<string, number>();
  for (const file of files) {
    const parts = file.split('/');
    for (let level = 1; level <= Math.min(depth, parts.length); level++) {
      const isFile = level === parts.length;
      const entry = parts.slice(0, level).join('/') + (isFile ? '' : '/');
      entries.set(entry, (entries.get(entry) ?? 0) + (isFile ? 0 : 1));
    }
  }
  return entries;
}

function fileCount(count: number): string {
  return count === 0 ? '' : `  (${count} file${count === 1 ? '' : 's'})`;
}

function render(dir: string, depth: number, entries: Map<string, number>): string {
  if (entries.size === 0) return `${dir} is empty (or holds only ignored files).`;
  const sorted = [...entries.keys()].sort();
  const prefix = dir === '.' ? '' : `${dir}/`;
  const lines = sorted.slice(0, maxEntries).map((entry) => prefix + entry + fileCount(entries.get(entry)!));
  const more = sorted.length > maxEntries ? `\n[${sorted.length - maxEntries} more entries not shown; list a subdirectory or use a smaller depth.]` : '';
  return `${dir === '.' ? 'Workspace root' : dir} (depth ${depth}, ${sorted.length} entries):\n${lines.join('\n')}${more}`;
}
