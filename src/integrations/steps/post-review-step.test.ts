// The forge steps end to end against the GitLab mock (every request checked against GitLab's REST
// documentation), pushing over HTTP to git http-backend with the token as Basic credentials.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fastTiming } from '../../../test/support/gitlab-mock/gitlab-forges.ts';
import { startGitLabMock, type GitLabMock } from '../../../test/support/gitlab-mock/gitlab-mock.ts';
import { startGitHttpServer, type GitHttpServer } from '../git/testing/git-http-server.ts';
import { isolateGitConfig, makeRepo, sh } from '../../ai/git/testing/git-fixtures.ts';
import { createForgeConnector } from '../../app/forges.ts';
import { openForgeWorld, type ForgeWorld } from './testing/forge-world.ts';

const repo = { owner: 'group/sub', name: 'web-app' };
let world: ForgeWorld;
let mock: GitLabMock;
let git: GitHttpServer;

beforeAll(() => void isolateGitConfig());

beforeEach(async () => {
  mock = await startGitLabMock();
  mock.createRepo(repo, { branches: ['ado/fix-1', 'release'] });
  world = await openForgeWorld(createForgeConnector({ env: { GITLAB_URL: mock.url }, timing: { gitlab: fastTiming } }), makeRepo());
  const served = path.join(world.root, 'served');
  mkdirSync(path.join(served, 'group', 'sub'), { recursive: true });
  execFileSync('git', ['init', '--quiet', '--bare', '-b', 'main', path.join(served, 'group', 'sub', 'web-app.git')]);
  git = await startGitHttpServer({ root: served, user: 'oauth2', token: mock.token });
});

afterEach(async () => {
  const violations = mock.violations();
  await world.close();
  await mock.close();
  await git.close();
  expect(violations).toEqual([]);
});

const stepOf = (view: Awaited<ReturnType<ForgeWorld['run']>>, id: string) => view.jobs[0]!.steps.find((s) => s.id === id)!;

/** No forge or repository inputs: both are read from the remote URL on the GitLab host. */
const pullRequest = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'pr', uses: 'autodevops/pull-request@v1',
  with: { path: world.repo, remote: `${git.url}/group/sub/web-app.git`, branch: 'ado/fix-1', title: 'Add lines', summary: 'Adds two lines.', ...extra },
});

const findings = [
  { file: 'src/app.txt', line: 3, severity: 'major', message: 'New line.', suggestion: 'Test it.' },
  { file: 'src/app.txt', line: 2, severity: 'nit', message: 'Unchanged line.', suggestion: '' },
  { file: 'README.md', line: 1, severity: 'minor', message: 'Outside the diff.', suggestion: 'Mention it.' },
];

const postReview = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'review', uses: 'autodevops/post-review@v1',
  with: { path: world.repo, remote: `${git.url}/group/sub/web-app.git`, number: '${{ steps.pr.outputs.number }}', branch: 'ado/fix-1', base: 'main', summary: 'Three findings.', findings: JSON.stringify(findings), ...extra },
});

/** The hunks of the branch's change, as GitLab's diffs endpoint returns them. */
function branchDiff(): string {
  const diff = execFileSync('git', ['diff', 'main...ado/fix-1', '--', 'src/app.txt'], { cwd: world.repo, encoding: 'utf8' });
  return diff.slice(diff.indexOf('@@'));
}

describe('the forge steps on GitLab', () => {
  it('pushes with the token as oauth2 credentials and opens a merge request, told from the remote URL', async () => {
    const view = await world.run([pullRequest({ draft: 'true' })], { GITLAB_TOKEN: mock.token });
    expect(view.conclusion).toBe('success');
    expect(stepOf(view, 'pr').outputs).toMatchObject({ number: '1', created: 'true', forge: 'gitlab', repository: 'group/sub/web-app', url: `${mock.url}/group/sub/web-app/-/merge_requests/1` });
    expect(git.requests.some((r) => r.credentials === `oauth2:${mock.token}`)).toBe(true);
    expect(mock.pullRequests(repo)).toEqual([expect.objectContaining({ head: 'ado/fix-1', base: 'main', title: 'Add lines', draft: true })]);
    expect(mock.pullRequests(repo)[0]!.body).toContain('## Summary\n\nAdds two lines.');
    expect(await world.traces(view)).not.toContain(mock.token);
  });

  it('posts findings as threads placed on the diff, with both line numbers for an unchanged line', async () => {
    mock.script('listMergeRequestDiffs', () => ({ status: 200, body: [{ old_path: 'src/app.txt', new_path: 'src/app.txt', diff: branchDiff(), a_mode: '100644', b_mode: '100644', new_file: false, renamed_file: false, deleted_file: false }] }));
    const view = await world.run([pullRequest(), postReview()], { GITLAB_TOKEN: mock.token });
    expect(view.conclusion).toBe('success');
    expect(stepOf(view, 'review').outputs).toMatchObject({ 'line-comments': '2', 'summary-findings': '1', fallback: 'false', url: expect.stringMatching(/\/merge_requests\/1#note_\d+$/) });
    const positions = mock.threads(repo, 1).map((t) => t.position && { new_line: t.position['new_line'], old_line: t.position['old_line'], head: t.position['head_sha'] });
    const sha = stepOf(view, 'pr').outputs['sha'];
    expect(positions).toEqual([undefined, { new_line: '3', old_line: undefined, head: sha }, { new_line: '2', old_line: '2', head: sha }]);
    expect(mock.threads(repo, 1)[0]!.body).toContain('`README.md:1` **minor**: Outside the diff.');
  });

  it('uses the origin remote, the checked-out branch and the remote\'s default branch, masking credentials in its URL', async () => {
    sh(world.repo, 'remote', 'add', 'origin', `${git.url.replace('//', '//someone:urlSecret99@')}/group/sub/web-app.git`);
    sh(world.repo, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/release');
    sh(world.repo, 'checkout', '--quiet', 'ado/fix-1');
    const view = await world.run([{ id: 'pr', uses: 'autodevops/pull-request@v1', with: { path: world.repo } }], { GITLAB_TOKEN: mock.token });
    expect(view.conclusion).toBe('success');
    expect(mock.pullRequests(repo)).toEqual([expect.objectContaining({ head: 'ado/fix-1', base: 'release', title: 'autodevops: ado/fix-1' })]);
    expect(git.requests.some((r) => r.credentials === `oauth2:${mock.token}`)).toBe(true);
    expect(await world.traces(view)).not.toContain('urlSecret99');
  });

  it('names the input to fix: a detached HEAD, an unknown remote, a folder that is not there, bad values', async () => {
    sh(world.repo, 'checkout', '--quiet', '--detach');
    const errors = async (withs: Array<Record<string, unknown>>): Promise<string[]> => {
      const view = await world.run(withs.map((w, i) => ({ id: `s${i}`, uses: 'autodevops/pull-request@v1', 'continue-on-error': true, with: { path: world.repo, remote: `${git.url}/group/sub/web-app.git`, ...w } })), { GITLAB_TOKEN: mock.token });
      return view.jobs[0]!.steps.map((s) => s.error ?? '');
    };
    const [detached, remote, folder, draft, forge] = await errors([{}, { remote: 'upstream' }, { path: `${world.root}/nowhere` }, { branch: 'ado/fix-1', draft: 'maybe' }, { forge: 'bitbucket' }]);
    expect(detached).toContain('input `branch` is needed');
    expect(remote).toContain('Cannot read the URL of remote "upstream"');
    expect(folder).toMatch(/ADO_CONFIG_INVALID: git \S+ could not run in .*nowhere: ENOENT/);
    expect(draft).toContain('input `draft` must be true or false, not "maybe"');
    expect(forge).toContain('input `forge` must be one of github, gitlab, not "bitbucket"');
    expect(mock.pullRequests(repo)).toEqual([]);
  });

  it('fails clearly without a GitLab token', async () => {
    const view = await world.run([pullRequest()]);
    expect(stepOf(view, 'pr').error).toMatch(/^ADO_FORGE_AUTH: No GitLab credentials: GITLAB_TOKEN is not set\./);
    expect(git.requests).toEqual([]);
  });

  it('reports a push the server refuses the token for as ADO_FORGE_AUTH, without the token', async () => {
    const wrong = 'glpat-wrongTokenForTheTests0000';
    const view = await world.run([pullRequest()], { GITLAB_TOKEN: wrong });
    expect(stepOf(view, 'pr').error).toMatch(/^ADO_FORGE_AUTH: Pushing ado\/fix-1 to http:\/\/127\.0\.0\.1:\d+\/group\/sub\/web-app\.git failed: the forge refused the token/);
    expect(await world.traces(view)).not.toContain(wrong);
  });
});
