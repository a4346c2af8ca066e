import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToken, openTokenStore, type TokenStore } from './token-store.ts';

let dir: string;
let now = 1_000;
let store: TokenStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ado-tokens-'));
  store = openTokenStore({ dataDir: path.join(dir, 'data'), now: () => now });
});
afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('token store', () => {
  it('creates an ado_ token of 32 random bytes and keeps only its SHA-256', () => {
    const { secret, token } = store.create({ name: 'ci', role: 'operator', expiresAt: 5_000 });
    expect(secret).toMatch(/^ado_[\w-]{43}$/);
    expect(token).toMatchObject({ name: 'ci', role: 'operator', createdAt: 1_000, expiresAt: 5_000 });
    const db = new DatabaseSync(path.join(dir, 'data', 'tokens.db'));
    const rows = db.prepare('SELECT * FROM api_tokens').all();
    db.close();
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(rows[0]).toMatchObject({ hash: hashToken(secret) });
  });

  it('checks tokens: valid, unknown, expired, revoked', () => {
    const { secret, token } = store.create({ name: 'ci', role: 'viewer', expiresAt: 2_000 });
    expect(store.check(secret)).toEqual({ ok: true, token });
    expect(store.check('ado_nope')).toEqual({ ok: false, reason: 'unknown' });
    now = 2_000;
    expect(store.check(secret)).toEqual({ ok: false, reason: 'expired' });
    const other = store.create({ name: 'b', role: 'admin' });
    expect(store.revoke(other.token.id.slice(0, 8))).toMatchObject({ id: other.token.id, revokedAt: 2_000 });
    expect(store.check(other.secret)).toEqual({ ok: false, reason: 'revoked' });
    expect(store.list().map((t) => t.name)).toEqual(['ci', 'b']);
  });

  it('reports an unknown id on revoke', () => {
    expect(() => store.revoke('nope')).toThrow(expect.objectContaining({ code: 'ADO_TOKEN_NOT_FOUND' }));
  });
});
