import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitOutput, isGitWorkTree } from './git-command.ts';
import { tempRepo } from './testing/temp-repo.ts';
import { ToolFailure } from './tool.ts';

let repo: string;
beforeAll(() => (repo = tempRepo({ 'a.txt': 'a' })));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('gitOutput', () => {
  it('returns what git printed', async () => {
    expect(await gitOutput(repo, ['ls-files'])).toBe('a.txt\n');
    expect(await isGitWorkTree(repo)).toBe(true);
  });

  it("fails with git's own message", async () => {
    const error = await gitOutput(repo, ['no-such-command']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolFailure);
    expect((error as Error).message).toMatch(/^git no-such-command failed: git: 'no-such-command' is not a git command/);
  });

  it('rejects with the reason when cancelled', async () => {
    const signal = AbortSignal.abort(new Error('cancelled'));
    await expect(gitOutput(repo, ['status'], signal)).rejects.toThrow('cancelled');
    await expect(isGitWorkTree(repo, signal)).rejects.toThrow('cancelled');
  });
});
