/**
 * The issue-to-pull-request workflow (examples/issue-to-pr.yml) end to end in one process: an
 * `issues.labeled` delivery (from @octokit/webhooks-examples) runs plan → code → tests (sandboxed)
 * → review against a scripted OpenAI-compatible server, pushes the branch to a real bare repository,
 * opens a pull request that closes the issue on the GitHub mock (every request validated against
 * GitHub's OpenAPI description), and reports start and outcome as comments on the issue.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.ts';
import { githubExample } from '../../src/server/webhooks/testing/webhook-harness.ts';
import { startGitHubMock, type GitHubMock } from '../support/github-mock/github-mock.ts';
import { startOpenAiServer } from '../support/model-servers/openai-server.ts';
import type { ModelServer } from '../support/model-servers/script.ts';
import { fixingModel, sampleRepo, stepOf } from './sample-repo.ts';

const root = path.resolve(import.meta.dirname, '../..');
const repo = { owner: 'octo-org', name: 'calc' };
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('examples/issue-to-pr.yml', () => {
  it('turns a labelled issue into a pull request that closes it, reporting on the issue', async () => {
    const model: ModelServer = await startOpenAiServer(fixingModel);
    const github: GitHubMock = await startGitHubMock();
    cleanup.push(() => model.close(), () => github.close());
    const work = sampleRepo();
    const bare = mkdtempSync(path.join(tmpdir(), 'ado-remote-'));
    const data = mkdtempSync(path.join(tmpdir(), 'ado-data-'));
    cleanup.push(() => rmSync(work, { recursive: true, force: true }), () => rmSync(bare, { recursive: true, force: true }), () => rmSync(data, { recursive: true, force: true }));
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    github.createRepo(repo, { branches: ['autodevops/fix-the-add-function'] });
    const issue = github.createIssue(repo, { title: 'Fix the add function', body: 'add(2, 3) returns -1', author: 'octocat' });
    const payload = structuredClone(githubExample('issues', (p) => p.action === 'labeled'));
    Object.assign(payload, { label: { ...(payload.label as object), name: 'autodevops' }, repository: { ...(payload.repository as object), full_name: 'octo-org/calc', name: 'calc', owner: { login: 'octo-org' } } });
    Object.assign(payload.issue as object, { number: issue, title: 'Fix the add function', body: 'add(2, 3) returns -1' });

    const app = await openApp({
      cwd: work, dataDir: data, engine: { pollMs: 20 },
      env: { PATH: process.env.PATH, HOME: process.env.HOME, AUTODEVOPS_AI_PROVIDER: 'openai-compatible', AUTODEVOPS_AI_BASE_URL: model.url, AUTODEVOPS_AI_MODEL: 'scripted', GITHUB_API_URL: github.url },
    });
    cleanup.push(() => app.close());
    const handle = await app.startRun({
      workflowPath: path.join(root, 'examples/issue-to-pr.yml'), event: 'issues', eventPayload: payload, workdir: work,
      secrets: { GITHUB_TOKEN: github.token }, vars: { TEST_COMMAND: 'python3 -m unittest discover -v', GIT_REMOTE: `file://${bare}` },
    });
    const view = await handle.done;
    expect(view.jobs[0]!.steps.filter((s) => s.conclusion !== 'success').map((s) => [s.id, s.error])).toEqual([]);
    expect(view.conclusion).toBe('success');
    expect(model.requests.map(stepOf)).toEqual(['plan', 'code', 'code', 'code', 'code', 'review']);
    const [pr] = github.pullRequests(repo);
    expect(pr).toMatchObject({ head: 'autodevops/fix-the-add-function', base: 'main', state: 'open' });
    expect(pr!.body).toContain(`Closes #${issue}.`);
    const sha = execFileSync('git', ['rev-parse', 'autodevops/fix-the-add-function'], { cwd: bare, encoding: 'utf8' }).trim();
    expect(execFileSync('git', ['show', `${sha}:calc.py`], { cwd: bare, encoding: 'utf8' })).toContain('return a + b');
    const comments = github.comments(repo, issue);
    expect(comments[0]).toMatch(/autodevops is working on this issue/);
    expect(comments.at(-1)).toMatch(/^Pull request ready: http/);
    expect(github.violations()).toEqual([]);
  });

  it('obeys another label when the project variable AUTODEVOPS_LABEL names it', async () => {
    const work = sampleRepo();
    const data = mkdtempSync(path.join(tmpdir(), 'ado-data-'));
    cleanup.push(() => rmSync(work, { recursive: true, force: true }), () => rmSync(data, { recursive: true, force: true }));
    const app = await openApp({ cwd: work, dataDir: data, engine: { pollMs: 20 }, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    cleanup.push(() => app.close());
    const labelled = (name: string): Record<string, unknown> => {
      const payload = structuredClone(githubExample('issues', (p) => p.action === 'labeled'));
      return Object.assign(payload, { label: { ...(payload.label as object), name } });
    };
    const start = async (label: string) => (await app.startRun({
      workflowPath: path.join(root, 'examples/issue-to-pr.yml'), event: 'issues', eventPayload: labelled(label), workdir: work, vars: { AUTODEVOPS_LABEL: 'ai-fix' },
    })).done;
    // The default label no longer starts the work: the job is skipped before any forge or model call.
    const view = await start('autodevops');
    expect(view.jobs.map((j) => j.status === 'completed' && j.conclusion)).toEqual(['skipped']);
    // The named label does: the job starts (and, with no forge credentials here, its first step fails).
    const named = await start('ai-fix');
    expect(named.jobs[0]!.conclusion).toBe('failure');
    expect(named.jobs[0]!.steps[0]!.error).toMatch(/GITHUB_TOKEN|credential|token/i);
  });
});
