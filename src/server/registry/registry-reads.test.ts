import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { projectsOf } from './projects.ts';
import { runOwnersOf } from './run-owners.ts';
import { openServerDb, serverDbFileName } from './server-db.ts';
import { tokenRecheckMs, tokensOf } from './tokens.ts';

// The registry keeps what every request reads (tokens, projects, run owners) in memory; these tests
// show that what it answers stays right when this connection or another process writes.
let dir: string;
let db: DatabaseSync;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ado-registry-'));
  db = openServerDb(dir);
});
afterEach(async () => {
  vi.useRealTimers();
  db.close();
  await rm(dir, { recursive: true, force: true });
});

/** Another process's connection to server.db, as `autodevops token …` opens it. */
function otherProcess<T>(work: (other: DatabaseSync) => T): T {
  const other = new DatabaseSync(path.join(dir, serverDbFileName), { timeout: 5000 });
  try {
    return work(other);
  } finally {
    other.close();
  }
}

describe('token checks', () => {
  it('see tokens created and revoked here at once, and expiry on every request', () => {
    let now = 1_000;
    const tokens = tokensOf(db, () => now);
    const { secret, token } = tokens.create({ name: 'ci', project: 'web', role: 'viewer', expiresAt: 5_000 });
    expect(tokens.check(secret)).toEqual({ ok: true, token });
    now = 5_000;
    expect(tokens.check(secret)).toEqual({ ok: false, reason: 'expired' });
    const second = tokens.create({ name: 'cd', project: 'web', role: 'operator' });
    expect(tokens.check(second.secret).ok).toBe(true);
    tokens.revoke(second.token.id);
    expect(tokens.check(second.secret)).toEqual({ ok: false, reason: 'revoked' });
  });

  it(`see a revocation by another process within ${tokenRecheckMs} ms, and its new tokens at once`, () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const tokens = tokensOf(db, () => 1_000);
    const { secret, token } = tokens.create({ name: 'ci', project: 'web', role: 'viewer' });
    expect(tokens.check(secret).ok).toBe(true);
    otherProcess((other) => other.prepare('UPDATE tokens SET revoked_at = 2 WHERE id = ?').run(token.id));
    const elsewhere = otherProcess((other) => tokensOf(other, () => 1_000).create({ name: 'cli', project: 'web', role: 'admin' }));
    expect(tokens.check(elsewhere.secret).ok).toBe(true);
    vi.advanceTimersByTime(tokenRecheckMs);
    expect(tokens.check(secret)).toEqual({ ok: false, reason: 'revoked' });
  });
});

describe('projects', () => {
  it('are found once created, here or by another process', () => {
    const projects = projectsOf(db, () => 1);
    expect(projects.get('web')).toBeUndefined();
    otherProcess((other) => other.exec("INSERT INTO projects VALUES ('web', 7)"));
    expect(projects.get('web')).toEqual({ name: 'web', createdAt: 7 });
    projects.create('api');
    expect([projects.get('api'), projects.get('web')]).toEqual([{ name: 'api', createdAt: 1 }, { name: 'web', createdAt: 7 }]);
  });
});

describe('run owners', () => {
  const own = (owners: ReturnType<typeof runOwnersOf>, runId: string, project = 'web', workflowId = 'ci') => owners.own({ runId, project, workflowId, version: 'v1', createdAt: 1 });

  it('page newest first by workflow and cursor, and a new run is on the next page asked for', () => {
    for (const p of ['web', 'api']) db.prepare('INSERT INTO projects VALUES (?, 1)').run(p);
    const owners = runOwnersOf(db);
    for (const id of ['01a', '01b', '01c']) own(owners, id);
    own(owners, '01d', 'web', 'cd');
    own(owners, '01e', 'api');
    const ids = (query: Parameters<typeof owners.page>[1]) => owners.page('web', query).map((o) => o.runId);
    expect(ids({ limit: 10 })).toEqual(['01d', '01c', '01b', '01a']);
    expect(ids({ limit: 2, before: '01c' })).toEqual(['01b', '01a']);
    expect(ids({ limit: 10, workflow: 'ci', before: '01c' })).toEqual(['01b', '01a']);
    expect(ids({ limit: 10, workflow: 'cd' })).toEqual(['01d']);
    own(owners, '01f');
    expect(ids({ limit: 2 })).toEqual(['01f', '01d']);
    expect(owners.page('web', { limit: 1 })[0]).toEqual({ runId: '01f', project: 'web', workflowId: 'ci', version: 'v1', createdAt: 1 });
  });

  it('find a run by id or unique prefix, upper case too, and never one of another project', () => {
    for (const p of ['web', 'api']) db.prepare('INSERT INTO projects VALUES (?, 1)').run(p);
    const owners = runOwnersOf(db);
    own(owners, '01jdx3aaaa');
    own(owners, '01jdx3aabb');
    own(owners, '01kzzzzzzz', 'api');
    expect(owners.find('web', '01jdx3aaaa')?.runId).toBe('01jdx3aaaa');
    expect(owners.find('web', '01JDX3AAB')?.runId).toBe('01jdx3aabb');
    expect(owners.find('web', '01jdx3aa')).toBeUndefined();
    expect(owners.find('web', '01kzzzzzzz')).toBeUndefined();
    expect(owners.find('api', '01kzzzzzzz')?.project).toBe('api');
    expect(owners.find('web', '')).toBeUndefined();
    expect([owners.projectOf('01kzzzzzzz'), owners.projectOf('01jdx3aaaa'), owners.projectOf('nope')]).toEqual(['api', 'web', undefined]);
    expect(owners.count('web', 'ci')).toBe(2);
  });

  it('see runs owned by another server process within a second', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    db.prepare("INSERT INTO projects VALUES ('web', 1)").run();
    const owners = runOwnersOf(db);
    own(owners, '01a');
    expect(owners.page('web', { limit: 5 }).map((o) => o.runId)).toEqual(['01a']);
    otherProcess((other) => own(runOwnersOf(other), '01b'));
    vi.advanceTimersByTime(1000);
    expect(owners.page('web', { limit: 5 }).map((o) => o.runId)).toEqual(['01b', '01a']);
  });
});
