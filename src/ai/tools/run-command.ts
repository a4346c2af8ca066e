/**
 * The run_command tool: a shell command through the sandbox of the context. Without a sandbox the
 * tool answers with a refusal rather than running anything on the host.
 */
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import type { CommandResult } from '../sandbox/sandbox.ts';
import { tailOf } from './text-format.ts';
import { defineTool, ToolFailure } from './tool.ts';
import { workspacePath } from './workspace-path.ts';

/** Characters of each stream's end shown to the model. */
export const maxStreamChars = 8000;

const input = z.object({
  command: z.string().min(1).describe('A bash command line, e.g. "npm test" or "ls -la src | head".'),
  cwd: z.string().default('.').describe('Working directory relative to the workspace root.'),
});

/** Runs a command in the sandbox and reports exit code, time-out and the ends of its output. */
export const runCommandTool = defineTool({
  name: 'run_command',
  description: 'Run a shell command (bash -c) in the workspace inside a sandbox: no network unless allowed, only the workspace is writable, and a time limit applies. Returns the exit code and the last part of stdout and stderr.',
  input,
  mutates: true,
  async run({ command, cwd }, ctx) {
    if (!ctx.sandbox) {
      throw new ToolFailure('commands are disabled: no sandbox is configured for this session, so run_command cannot run anything. Work with the file tools (read_file, search, edit_file) instead.');
    }
    const dir = await workspacePath(ctx.workspace, cwd);
    if (!(await stat(dir.real).catch(() => undefined))?.isDirectory()) throw new ToolFailure(`the working directory ${cwd} is not a directory of the workspace.`);
    const result = await ctx.sandbox.run(command, { cwd: dir.real, ...(ctx.signal && { signal: ctx.signal }) });
    return formatResult(result);
  },
});

/** The result as the model reads it: status line, then the tail of each stream. */
export function formatResult(result: CommandResult): string {
  const ending = result.exitCode === null ? `killed by ${result.signal ?? 'a signal'}` : `exit code ${result.exitCode}`;
  const timedOut = result.timedOut ? 'yes (the command was killed at the time limit)' : 'no';
  const lines = [`${ending}; timed out: ${timedOut}; ${result.durationMs} ms`];
  if (result.truncated) lines.push('(the output was longer than the sandbox keeps; its middle was left out)');
  lines.push(...stream('stdout', result.stdout), ...stream('stderr', result.stderr));
  return lines.join('\n');
}

function stream(name: string, text: string): string[] {
  if (text === '') return [`${name}: (empty)`];
  const tail = tailOf(text, maxStreamChars);
  return [`${name}${tail.cut ? ` (last ${tail.text.length} characters)` : ''}:`, tail.text.replace(/\n$/, '')];
}
