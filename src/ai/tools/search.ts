/** The search tool: lines matching a pattern, through ripgrep when present, else a built-in walk. */
import { z } from 'zod';
import { RipgrepMissing, searchWithRipgrep } from './search-ripgrep.ts';
import { searchBuiltIn } from './search-fallback.ts';
import type { SearchOutcome, SearchQuery } from './search-query.ts';
import { clipLine } from './text-format.ts';
import { defineTool, type AgentTool, type ToolContext } from './tool.ts';
import { workspacePath } from './workspace-path.ts';

/** Characters of a matching line shown. */
const maxHitChars = 300;

const input = z.object({
  pattern: z.string().min(1).describe('Regular expression (Rust/ripgrep syntax), or plain text with literal: true.'),
  literal: z.boolean().default(false).describe('Match the pattern as plain text.'),
  case_insensitive: z.boolean().default(false),
  path: z.string().default('.').describe('File or directory to search, relative to the workspace root.'),
  glob: z.string().optional().describe('Only files matching this glob, e.g. "*.ts" or "src/**/*.py".'),
  max_results: z.number().int().min(1).max(1000).default(100),
});

/** How the search tool finds matches. */
export interface SearchToolOptions {
  /** The ripgrep binary; `false` forces the built-in search. Default `rg` (built-in when missing). */
  ripgrep?: string | false;
}

/** Builds the search tool. */
export function searchTool(options: SearchToolOptions = {}): AgentTool<z.output<typeof input>> {
  return defineTool({
    name: 'search',
    description: 'Search file contents for a regular expression or literal text. Returns "path:line: text" lines. Respects .gitignore; skips .git and node_modules. Narrow with path and glob.',
    input,
    mutates: false,
    async run(args, ctx) {
      const where = await workspacePath(ctx.workspace, args.path);
      const query: SearchQuery = {
        pattern: args.pattern, literal: args.literal, caseInsensitive: args.case_insensitive,
        path: where.display, ...(args.glob !== undefined && { glob: args.glob }), limit: args.max_results,
      };
      return render(query, await find(options.ripgrep ?? 'rg', query, ctx));
    },
  });
}

async function find(ripgrep: string | false, query: SearchQuery, ctx: ToolContext): Promise<SearchOutcome> {
  if (ripgrep === false) return searchBuiltIn(ctx.workspace, query, ctx.signal);
  try {
    return await searchWithRipgrep(ripgrep, ctx.workspace, query, ctx.signal);
  } catch (error) {
    if (error instanceof RipgrepMissing) return searchBuiltIn(ctx.workspace, query, ctx.signal);
    throw error;
  }
}

function render(query: SearchQuery, outcome: SearchOutcome): string {
  if (outcome.hits.length === 0) {
    return `No matches for ${query.pattern}${query.path === '.' ? '' : ` in ${query.path}`}${query.glob ? ` in files matching ${query.glob}` : ''}.`;
  }
  const lines = outcome.hits.map((hit) => `${hit.file}:${hit.line}: ${clipLine(hit.text, maxHitChars)}`);
  const more = outcome.more ? `\n[Only the first ${query.limit} matches are shown; there are more. Narrow the pattern, path or glob.]` : '';
  return `${lines.join('\n')}${more}`;
}
