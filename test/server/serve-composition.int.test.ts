/**
 * The server as `autodevops serve` composes it (triggers, limits, audit), over a real socket: a
 * signed GitHub push from @octokit/webhooks-examples starts the project's matching workflow and a
 * repeated delivery starts nothing; every state-changing call lands in the hash-chained audit log,
 * which `autodevops audit verify` checks and which detects an edit made behind its back.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signGithubBody } from '../../src/server/webhooks/signatures.ts';
import { githubExample } from '../../src/server/webhooks/testing/webhook-harness.ts';
import { asJson, startTestServer, type TestServer } from './harness.ts';

const root = path.resolve(import.meta.dirname, '../..');
let t: TestServer;
beforeAll(async () => {
  if (!existsSync(path.join(root, 'dist/cli.mjs'))) spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  t = await startTestServer();
  await t.register('ci');
  await t.register('gate');
});
afterAll(async () => {
  await t.stop();
});

async function deliver(secret: string, id: string, payload: unknown): Promise<Response> {
  const body = JSON.stringify(payload);
  return t.call(t.p('/webhooks/github'), {
    method: 'POST', role: 'none', body,
    headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': id, 'x-hub-signature-256': signGithubBody(secret, body) },
  });
}

function cli(args: string[]) {
  return spawnSync(process.execPath, [path.join(root, 'bin/autodevops.mjs'), ...args, '--data-dir', path.join(t.dir, '.autodevops')], { encoding: 'utf8', cwd: t.dir });
}

describe('autodevops serve composition', () => {
  it('starts the matching workflow on a signed push, once per delivery, and refuses forged ones', async () => {
    const { secret } = await (await t.call(t.p('/webhook-secrets/github'), { method: 'POST', role: 'admin' })).json().then(asJson);
    const push = githubExample('push', (p) => typeof p.ref === 'string' && (p.ref as string).startsWith('refs/heads/'));
    const first = await deliver(secret, 'delivery-1', push);
    expect(first.status).toBe(202);
    const { runs } = await first.json().then(asJson);
    // Both ci (on: [push, workflow_dispatch]) and gate (on: push) match a push to any branch.
    expect(runs.map((r: { workflow: string }) => r.workflow).sort()).toEqual(['ci', 'gate']);
    const ci = runs.find((r: { workflow: string }) => r.workflow === 'ci');
    expect(await t.settle(ci.runId)).toMatchObject({ status: 'completed', conclusion: 'success', trigger: { event: 'push' } });
    const again = await deliver(secret, 'delivery-1', push);
    expect(again.status).toBe(200);
    expect(await again.json().then(asJson)).toMatchObject({ ignored: expect.stringContaining('duplicate') });
    expect((await deliver('wrong-secret', 'delivery-2', push)).status).toBe(401);
    expect(((await (await t.call(t.p('/runs'), { role: 'viewer' })).json().then(asJson)).runs as unknown[]).length).toBe(2);
  });

  it('serves the schedules of the project behind a viewer token', async () => {
    expect((await t.call(t.p('/schedules'), { role: 'none' })).status).toBe(401);
    expect((await t.call(t.p('/schedules'), { role: 'viewer' })).status).toBe(200);
  });

  it('records state changes in a hash chain that audit verify checks and that detects tampering', async () => {
    await t.call(t.p('/variables/REGION'), { method: 'PUT', role: 'admin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: 'eu' }) });
    await t.call(t.p('/variables/REGION'), { method: 'PUT', token: 'not-a-token', headers: { 'content-type': 'application/json' }, body: '{"value":"x"}' });
    const listed = cli(['audit', 'list', '--json']);
    expect(listed.status).toBe(0);
    const actions = (JSON.parse(listed.stdout) as Array<{ action: string }>).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['webhook-secret.create', 'variable.put', 'webhook.github', 'login.failed']));
    const ok = cli(['audit', 'verify']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/audit log OK: \d+ entries/);
    t.deps.db.exec("UPDATE audit_log SET actor = 'token:someone-else' WHERE seq = 2");
    const broken = cli(['audit', 'verify']);
    expect(broken.status).toBe(1);
    expect(broken.stdout + broken.stderr).toMatch(/entry 2|seq 2|#2/);
  });
});
