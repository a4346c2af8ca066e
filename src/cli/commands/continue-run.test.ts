import { describe, expect, it } from 'vitest';
import { FakeApp } from '../testing/fake-app.ts';
import { failingRun, successRun, waitingRun } from '../testing/fixtures.ts';
import { runCli } from '../testing/run-cli.ts';
import { parsePayload } from './continue-run.ts';

/** An app holding a waiting run `01jold`, set to play `next` when continued. */
function appContinuing(next = successRun('01jnew')): FakeApp {
  const app = new FakeApp();
  app.runs.set('01jold', waitingRun('01jold').final);
  app.next = next;
  return app;
}

describe('autodevops retry', () => {
  it('retries the run named by prefix and shows the new run', async () => {
    const app = appContinuing();
    const result = await runCli(['retry', '01jo', '--failed'], { app });
    expect(app.calls).toEqual([['retry', '01jold', { failedOnly: true }]]);
    expect([result.code, result.stdout.split('\n')[0]]).toEqual([0, '▶ ci (push) · run 01jnew']);
    await runCli(['retry', '01jold'], { app });
    expect(app.calls[1]).toEqual(['retry', '01jold', { failedOnly: false }]);
  });

  it('exits 1 when the new run fails', async () => {
    expect((await runCli(['retry', '01jold'], { app: appContinuing(failingRun('01jnew')) })).code).toBe(1);
  });
});

describe('autodevops resume', () => {
  it('resumes the named runs with a decision and shows them', async () => {
    const app = appContinuing();
    const result = await runCli(['resume', '01jo', '--decision', 'skip', '--json'], { app });
    expect(app.calls).toEqual([['resume', ['01jold'], { decision: 'skip' }]]);
    expect(JSON.parse(result.stdout.trimEnd().split('\n').at(-1)!)).toMatchObject({ kind: 'result', exitCode: 0, runs: [{ id: '01jnew' }] });
  });

  it('resumes all runs when none is named, and says so when there is nothing to resume', async () => {
    const app = appContinuing();
    app.next = undefined;
    const result = await runCli(['resume'], { app });
    expect(app.calls).toEqual([['resume', undefined, {}]]);
    expect([result.code, result.stdout]).toEqual([0, 'No interrupted runs to resume.\n']);
    expect((await runCli(['resume', '--json'], { app })).stdout).toBe('{"kind":"result","exitCode":0,"runs":[]}\n');
  });

  it('rejects an unknown decision', async () => {
    expect((await runCli(['resume', '--decision', 'maybe'])).stderr).toContain('--decision does not accept "maybe"; use one of: retry, skip, fail');
  });
});

describe('autodevops approve', () => {
  it('approves with who and why, and shows the run continuing here', async () => {
    const app = appContinuing();
    const result = await runCli(['approve', '01jold', '--as', 'alice', '--comment', 'ship it'], { app });
    expect(app.calls).toEqual([['approve', '01jold', { approve: true, by: 'alice', comment: 'ship it' }]]);
    expect(result.stdout).toContain('✓ success');
  });

  it('rejects, and says when another process continues the run', async () => {
    const app = appContinuing();
    app.ownedElsewhere = true;
    const result = await runCli(['approve', '01jold', '--reject'], { app });
    expect(app.calls).toEqual([['approve', '01jold', { approve: false }]]);
    expect([result.code, result.stdout]).toEqual([0, 'Rejected run 01jold; the process that owns it continues it. See it with: autodevops show 01jold\n']);
    expect((await runCli(['approve', '01jold'], { app })).stdout).toContain('Approved run 01jold;');
  });
});

describe('autodevops signal', () => {
  it('sends the signal with its JSON payload', async () => {
    const app = appContinuing();
    app.ownedElsewhere = true;
    const result = await runCli(['signal', '01jold', 'deployed', '--payload', '{"version":"1.2.3"}'], { app });
    expect(app.calls).toEqual([['signal', '01jold', 'deployed', { version: '1.2.3' }]]);
    expect(result.stdout).toBe('Sent signal "deployed" to run 01jold; the process that owns it continues it.\n');
    app.ownedElsewhere = false;
    expect((await runCli(['signal', '01jold', 'go'], { app })).stdout).toContain('✓ success');
  });

  it('rejects a payload that is not JSON before opening the App', async () => {
    const result = await runCli(['signal', '01jold', 'deployed', '--payload', '{oops']);
    expect([result.code, result.configs]).toEqual([2, []]);
    expect(result.stderr).toMatch(/^error\[ADO_ARGUMENT_INVALID\]: --payload: not valid JSON \(.+\)\nhint: Quote the JSON for your shell/);
    expect(parsePayload(undefined)).toBeUndefined();
  });
});
