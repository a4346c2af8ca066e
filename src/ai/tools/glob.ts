/** The glob tool: which files match a pattern. */
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { filesUnder, matchesPattern } from './path-glob.ts';
import { defineTool, ToolFailure } from './tool.ts';
import { workspaceFiles } from './workspace-files.ts';
import { workspacePath } from './workspace-path.ts';

/** Paths shown at most. */
export const maxGlobResults = 500;

const input = z.object({
  pattern: z.string().min(1).describe('Glob such as "**/*.test.ts" or "src/*.js"; without a "/" it matches file names at any depth ("*.md").'),
  path: z.string().default('.').describe('Directory to search in, relative to the workspace root; the pattern is relative to it.'),
});

/** Finds files by glob; ignored files, .git and node_modules are left out. */
export const globTool = defineTool({
  name: 'glob',
  description: 'Find files whose path matches a glob pattern (e.g. "**/*.ts", "src/**/index.js", "*.md"). Respects .gitignore; skips .git and node_modules. Returns workspace-relative paths.',
  input,
  mutates: false,
  async run({ pattern, path }, ctx) {
    const dir = await workspacePath(ctx.workspace, path);
    if (!(await stat(dir.real).catch(() => undefined))?.isDirectory()) throw new ToolFailure(`${path} is not a directory of the workspace.`);
    const prefix = dir.display === '.' ? '' : `${dir.display}/`;
    const matches = filesUnder(await workspaceFiles(ctx.workspace, ctx.signal), dir.display).filter((file) => matchesPattern(file, pattern));
    if (matches.length === 0) return `No files match ${pattern}${dir.display === '.' ? '' : ` in ${dir.display}`}.`;
    const shown = matches.slice(0, maxGlobResults).map((file) => prefix + file);
    const more = matches.length > maxGlobResults ? `\n[${matches.length - maxGlobResults} more files not shown; use a narrower pattern or path.]` : '';
    return `${matches.length} file(s) match ${pattern}:\n${shown.join('\n')}${more}`;
  },
});
