import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isolateGitConfig, makeRepo, sh } from '../../ai/git/testing/git-fixtures.ts';
import { commitOf, currentBranch, pullRequestDiff, remoteDefaultBranch, remoteUrlIfAny, remoteUrlOf } from './repo-info.ts';

let fixture: ReturnType<typeof makeRepo>;
beforeAll(() => void isolateGitConfig());
beforeEach(() => {
  fixture = makeRepo();
});
afterEach(() => fixture.cleanup());

describe('reading the local repository', () => {
  it('reads remotes, branches and commits, and says when it cannot', async () => {
    sh(fixture.repo, 'remote', 'add', 'origin', 'https://example.com/o/a.git');
    expect(await remoteUrlOf(fixture.repo, 'origin')).toBe('https://example.com/o/a.git');
    expect(await remoteUrlIfAny(fixture.repo, 'origin')).toBe('https://example.com/o/a.git');
    expect(await remoteUrlIfAny(fixture.repo, 'upstream')).toBeUndefined();
    await expect(remoteUrlOf(fixture.repo, 'upstream')).rejects.toMatchObject({ code: 'ADO_CONFIG_INVALID', message: expect.stringContaining('remote "upstream"') });
    expect(await currentBranch(fixture.repo)).toBe('main');
    expect(await remoteDefaultBranch(fixture.repo, 'origin')).toBeUndefined();
    expect(await commitOf(fixture.repo, 'main')).toBe(sh(fixture.repo, 'rev-parse', 'HEAD'));
    await expect(commitOf(fixture.repo, 'no-such')).rejects.toMatchObject({ code: 'ADO_CONFIG_INVALID', message: expect.stringContaining('commit "no-such"') });
    await expect(pullRequestDiff(fixture.repo, 'no-such', 'main')).rejects.toMatchObject({ code: 'ADO_CONFIG_INVALID' });
    sh(fixture.repo, 'checkout', '--quiet', '--detach');
    expect(await currentBranch(fixture.repo)).toBeUndefined();
  });
});
