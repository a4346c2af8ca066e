/**
 * `autodevops do "<instruction>"`: the run request for the shipped workflow examples/do.yml, after
 * checking what would make it fail before it starts (no git repository, no model provider).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DoRequest, RunRequest } from '../app-api.ts';
import type { AiSection } from '../ai/steps/index.ts';
import { resolveModelSettings } from '../ai/providers/settings.ts';
import { AutodevopsError } from '../core/errors.ts';
import { detectTestCommand } from './test-command.ts';


/** The package's root: two levels above this module, whether bundled (dist/) or not (src/app/). */
function packageRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.basename(here) === 'app' ? path.resolve(here, '../..') : path.resolve(here, '..');
}

/** The shipped workflow behind `do`. */
export function doWorkflowPath(): string {
  return path.join(packageRoot(), 'examples', 'do.yml');
}

/** The run request of a `do`, or a bad-input error naming what to fix. */
export function doRunRequest(request: DoRequest, cwd: string, env: Record<string, string | undefined>, ai: AiSection | undefined): RunRequest & { testCommand?: string } {
  if (request.instruction.trim() === '' && request.issue === undefined) throw new AutodevopsError('ADO_USAGE', 'the instruction is empty', { hint: 'Say what to change: autodevops do "add a --verbose flag"' });
  const repo = path.resolve(cwd, request.repo ?? '.');
  if (!existsSync(path.join(repo, '.git'))) {
    throw new AutodevopsError('ADO_USAGE', `${repo} is not a git repository`, { hint: 'autodevops do changes a git repository on a new branch: pass --repo <dir>, or run `git init` and commit first.' });
  }
  // Fails here, before any run exists, with exactly what to set.
  resolveModelSettings({ env, ...(ai && { config: ai }) });
  const testCommand = request.testCommand ?? detectTestCommand(repo);
  return {
    workflowPath: doWorkflowPath(), event: 'workflow_dispatch', workdir: repo, repositoryRoot: path.dirname(doWorkflowPath()),
    inputs: {
      instruction: request.instruction, 'test-command': testCommand ?? '', 'fix-attempts': String(request.fixAttempts ?? 3),
      ...(request.issue !== undefined && issueInputs(request.issue)),
    },
    ...(testCommand !== undefined && { testCommand }),
  };
}

/** `owner/name#N` → its parts; anything else is bad input. */
export function parseIssueRef(ref: string): { owner: string; name: string; number: number } {
  const match = /^([\w.-]+)\/([\w.-]+)#(\d+)$/.exec(ref.trim());
  if (!match) throw new AutodevopsError('ADO_USAGE', `--issue "${ref}" is not owner/name#number`, { hint: 'Name a GitHub issue, e.g. --issue acme/shop#42.' });
  return { owner: match[1]!, name: match[2]!, number: Number(match[3]) };
}

function issueInputs(ref: string): Record<string, string> {
  const { owner, name, number } = parseIssueRef(ref);
  return { repository: `${owner}/${name}`, issue: String(number) };
}

/** The instruction of `do --issue`: the issue's title and body, then what the person added. */
export function issueInstruction(issue: { number: number; title: string; body: string }, extra: string): string {
  return [`Issue #${issue.number}: ${issue.title}`, issue.body, extra].filter((part) => part.trim() !== '').join('\n\n');
}
