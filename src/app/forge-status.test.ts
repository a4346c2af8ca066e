/**
 * Runs triggered by a forge report their status on the commit through the Forge port (here the
 * GitHub mock, validating every request): pending, then the conclusion, with a link to the run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubMock, type GitHubMock } from '../../test/support/github-mock/github-mock.ts';
import { fastTiming } from '../../test/support/github-mock/github-forges.ts';
import { openApp } from '../app.ts';
import { createGitHubForge } from '../integrations/github/github-forge.ts';
import { reportRunStatuses } from './forge-status.ts';

const repo = { owner: 'octo-org', name: 'web' };
const sha = 'a'.repeat(40);
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function world(script: string) {
  const mock: GitHubMock = await startGitHubMock();
  mock.createRepo(repo);
  const dir = mkdtempSync(path.join(tmpdir(), 'ado-status-'));
  writeFileSync(path.join(dir, 'ci.yml'), `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${script}\n`);
  const app = await openApp({ cwd: dir, dataDir: path.join(dir, 'data'), env: { PATH: process.env.PATH, HOME: process.env.HOME }, engine: { pollMs: 20 } });
  const forge = createGitHubForge({ auth: { kind: 'token', token: mock.token }, baseUrl: mock.url, timing: fastTiming });
  const logs: string[] = [];
  const stop = reportRunStatuses({
    subscribe: (listener) => app.subscribe(undefined, listener), getRun: (id) => app.getRun(id),
    target: async (runId, trigger) => (trigger.event === 'push' ? { forge, runUrl: `http://127.0.0.1:7070/runs/${runId}` } : undefined),
    log: (m) => void logs.push(m),
  });
  cleanup.push(() => mock.close(), () => rmSync(dir, { recursive: true, force: true }), () => app.close(), stop);
  const push = (payload: Record<string, unknown>) => app.startRun({ workflowPath: 'ci.yml', event: 'push', eventPayload: { after: sha, ref: 'refs/heads/main', ...payload } });
  return { mock, app, logs, push };
}

async function settled(mock: GitHubMock, until: (states: string[]) => boolean): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const states = mock.statuses(repo, sha).map((s) => s.state);
    if (until(states)) return states;
    await new Promise((r) => setTimeout(r, 20));
  }
  return mock.statuses(repo, sha).map((s) => s.state);
}

describe('reportRunStatuses', () => {
  it('reports pending, then the conclusion, with a link to the run', async () => {
    const { mock, push } = await world('true');
    const view = await (await push({ repository: { full_name: 'octo-org/web' } })).done;
    expect(await settled(mock, (s) => s[0] === 'success')).toEqual(['success']);
    expect(mock.statuses(repo, sha)[0]).toMatchObject({ context: 'autodevops/ci', targetUrl: `http://127.0.0.1:7070/runs/${view.id}` });
    expect(mock.violations()).toEqual([]);
  });

  it('reports a failed run as failure', async () => {
    const { mock, push } = await world('exit 3');
    await (await push({ repository: { full_name: 'octo-org/web' } })).done;
    expect(await settled(mock, (s) => s[0] === 'failure')).toEqual(['failure']);
  });

  it('leaves runs alone that name no repository, and logs a forge refusal without touching the run', async () => {
    const { mock, push, logs } = await world('true');
    const local = await (await push({})).done;
    expect(local.conclusion).toBe('success');
    const unknown = await (await push({ repository: { full_name: 'octo-org/missing' } })).done;
    expect(unknown.conclusion).toBe('success');
    for (let i = 0; i < 100 && logs.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(logs.join('\n')).toMatch(/could not report its status/);
    expect(mock.statuses(repo, sha)).toEqual([]);
  });
});
