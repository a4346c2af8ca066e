/**
 * examples/gitlab-issue-to-mr.yml end to end in one process: a GitLab Note Hook payload with a
 * `/autodevops` comment runs plan → code → tests (sandboxed) → review against a scripted model,
 * pushes the branch to a real bare repository, opens a merge request that closes the issue on the
 * GitLab mock (requests checked against GitLab's REST documentation), and reports on the issue.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.ts';
import { startGitLabMock } from '../support/gitlab-mock/gitlab-mock.ts';
import { startOpenAiServer } from '../support/model-servers/openai-server.ts';
import { fixingModel, sampleRepo, stepOf } from './sample-repo.ts';

const root = path.resolve(import.meta.dirname, '../..');
const project = { owner: 'group/sub', name: 'calc' };
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('examples/gitlab-issue-to-mr.yml', () => {
  it('turns a /autodevops comment on a GitLab issue into a merge request that closes it', async () => {
    const model = await startOpenAiServer(fixingModel);
    const gitlab = await startGitLabMock();
    cleanup.push(() => model.close(), () => gitlab.close());
    const work = sampleRepo();
    const bare = mkdtempSync(path.join(tmpdir(), 'ado-remote-'));
    const data = mkdtempSync(path.join(tmpdir(), 'ado-data-'));
    for (const d of [work, bare, data]) cleanup.push(() => rmSync(d, { recursive: true, force: true }));
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    gitlab.createRepo(project, { branches: ['autodevops/fix-the-add-function'] });
    const iid = gitlab.createIssue(project, { title: 'Fix the add function', body: 'add(2, 3) returns -1', author: 'dev' });
    const note = {
      object_kind: 'note', event_type: 'note', user: { username: 'dev' },
      project: { path_with_namespace: 'group/sub/calc', git_http_url: `${gitlab.url}/group/sub/calc.git` },
      object_attributes: { note: '/autodevops please fix it', noteable_type: 'Issue', action: 'create' },
      issue: { iid, title: 'Fix the add function', description: 'add(2, 3) returns -1' },
    };
    const app = await openApp({
      cwd: work, dataDir: data, engine: { pollMs: 20 },
      env: { PATH: process.env.PATH, HOME: process.env.HOME, AUTODEVOPS_AI_PROVIDER: 'openai-compatible', AUTODEVOPS_AI_BASE_URL: model.url, AUTODEVOPS_AI_MODEL: 'scripted', GITLAB_URL: gitlab.url },
    });
    cleanup.push(() => app.close());
    const view = await (await app.startRun({
      workflowPath: path.join(root, 'examples/gitlab-issue-to-mr.yml'), event: 'issue_comment', eventPayload: note, workdir: work,
      secrets: { GITLAB_TOKEN: gitlab.token }, vars: { TEST_COMMAND: 'python3 -m unittest discover -v', GIT_REMOTE: `file://${bare}` },
    })).done;
    expect(view.jobs[0]!.steps.filter((s) => s.conclusion !== 'success').map((s) => [s.id, s.error])).toEqual([]);
    expect(model.requests.map(stepOf)).toEqual(['plan', 'code', 'code', 'code', 'code', 'review']);
    const [mr] = gitlab.pullRequests(project);
    expect(mr).toMatchObject({ head: 'autodevops/fix-the-add-function', state: 'open' });
    expect(mr!.body).toContain(`Closes #${iid}.`);
    const comments = gitlab.comments(project, iid);
    expect(comments[0]).toMatch(/autodevops is working on this issue/);
    expect(comments.at(-1)).toMatch(/^Merge request ready: http/);
    expect(gitlab.violations()).toEqual([]);
  });
});
