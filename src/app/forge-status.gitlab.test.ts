/**
 * Runs started by a GitLab delivery report their status on the project the payload names, nested
 * groups included (`group/sub/calc`), through the GitLab forge against the GitLab mock.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fastTiming } from '../../test/support/gitlab-mock/gitlab-forges.ts';
import { startGitLabMock } from '../../test/support/gitlab-mock/gitlab-mock.ts';
import type { Trigger } from '../core/events.ts';
import { openApp } from '../app.ts';
import { createGitLabForge } from '../integrations/gitlab/gitlab-forge.ts';
import { forgeOfTrigger, reportRunStatuses } from './forge-status.ts';

const project = { owner: 'group/sub', name: 'calc' };
const sha = 'b'.repeat(40);
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const trigger = (payload: Record<string, unknown>): Trigger => ({ event: 'issue_comment', payload } as Trigger);

describe('forgeOfTrigger', () => {
  it('tells GitLab payloads (object_kind) from GitHub ones', () => {
    expect(forgeOfTrigger(trigger({ object_kind: 'note' }))).toBe('gitlab');
    expect(forgeOfTrigger(trigger({ action: 'created', comment: {} }))).toBe('github');
  });
});

describe('reportRunStatuses on GitLab', () => {
  it('reports on the payload\'s project path, not the last two segments of a remote', async () => {
    const mock = await startGitLabMock();
    mock.createRepo(project);
    const dir = mkdtempSync(path.join(tmpdir(), 'ado-status-gl-'));
    writeFileSync(path.join(dir, 'mr.yml'), 'on: issue_comment\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n');
    const app = await openApp({ cwd: dir, dataDir: path.join(dir, 'data'), env: { PATH: process.env.PATH, HOME: process.env.HOME }, engine: { pollMs: 20 } });
    const forge = createGitLabForge({ token: mock.token, url: mock.url, timing: fastTiming });
    const kinds: string[] = [];
    const stop = reportRunStatuses({
      subscribe: (listener) => app.subscribe(undefined, listener), getRun: (id) => app.getRun(id),
      target: async (runId, t) => (kinds.push(forgeOfTrigger(t)), { forge, runUrl: `http://127.0.0.1:7070/runs/${runId}` }),
      log: (m) => void kinds.push(m),
    });
    cleanup.push(() => mock.close(), () => rmSync(dir, { recursive: true, force: true }), () => app.close(), stop);
    const payload = { object_kind: 'note', project: { path_with_namespace: 'group/sub/calc' }, repository: { name: 'calc' }, object_attributes: { noteable_type: 'Issue' } };
    const view = await (await app.startRun({ workflowPath: 'mr.yml', event: 'issue_comment', eventPayload: payload, sha })).done;
    for (let i = 0; i < 200 && mock.statuses(project, sha)[0]?.state !== 'success'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(mock.statuses(project, sha)).toEqual([{ context: 'autodevops/mr', state: 'success', description: 'success', targetUrl: `http://127.0.0.1:7070/runs/${view.id}` }]);
    expect(kinds).toEqual(['gitlab']);
    expect(mock.violations()).toEqual([]);
  });
});
