/**
 * API tokens, kept in `<data-dir>/tokens.db` (node:sqlite) apart from the run store: tokens are a
 * server concern, and the engine's Store port stays unchanged until projects and the audit log
 * (later slices) move access control into the store with a migration. Only the SHA-256 of a token
 * is kept; the token itself is shown once, at creation.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { AutodevopsError } from '../core/errors.ts';

/** What a token may do: viewer reads; operator also dispatches, cancels, approves, retries; admin everything. */
export type Role = 'viewer' | 'operator' | 'admin';

/** The roles, weakest first. */
export const roles: readonly Role[] = ['viewer', 'operator', 'admin'];

/** A token as listed (never the secret). */
export interface TokenInfo {
  id: string;
  name: string;
  role: Role;
  createdAt: number;
  expiresAt?: number;
  revokedAt?: number;
}

/** Why a presented token is refused, or the token it is. */
export type TokenCheck = { ok: true; token: TokenInfo } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

/** The API token store. */
export interface TokenStore {
  /** Creates a token; `secret` is returned once and never stored. */
  create(input: { name: string; role: Role; expiresAt?: number }): { secret: string; token: TokenInfo };
  revoke(id: string): TokenInfo;
  list(): TokenInfo[];
  check(secret: string): TokenCheck;
  close(): void;
}

const schema = `CREATE TABLE IF NOT EXISTS api_tokens (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL, expires_at INTEGER, revoked_at INTEGER)`;

interface Row { id: string; name: string; role: string; created_at: number; expires_at: number | null; revoked_at: number | null }

/** The SHA-256 (hex) a token is stored as. */
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function info(row: Row): TokenInfo {
  return {
    id: row.id, name: row.name, role: row.role as Role, createdAt: row.created_at,
    ...(row.expires_at !== null && { expiresAt: row.expires_at }), ...(row.revoked_at !== null && { revokedAt: row.revoked_at }),
  };
}

/** Opens (creating if needed) the token store in the data directory. */
export function openTokenStore(options: { dataDir: string; now?: () => number }): TokenStore {
  const now = options.now ?? Date.now;
  mkdirSync(options.dataDir, { recursive: true });
  const db = new DatabaseSync(path.join(options.dataDir, 'tokens.db'));
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(schema);
  const byId = (id: string): Row | undefined => db.prepare('SELECT * FROM api_tokens WHERE id = ?').get(id) as Row | undefined;
  return {
    create({ name, role, expiresAt }) {
      const secret = `ado_${randomBytes(32).toString('base64url')}`;
      const id = randomUUID();
      db.prepare('INSERT INTO api_tokens (id, name, role, hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, name, role, hashToken(secret), now(), expiresAt ?? null);
      return { secret, token: info(byId(id)!) };
    },
    revoke(id) {
      const row = byId(id) ?? (db.prepare('SELECT * FROM api_tokens WHERE id LIKE ? || \'%\'').all(id) as unknown as Row[]).find((_, __, all) => all.length === 1);
      if (!row) throw new AutodevopsError('ADO_TOKEN_NOT_FOUND', `no API token matches "${id}"`);
      db.prepare('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?').run(now(), row.id);
      return info(byId(row.id)!);
    },
    list: () => (db.prepare('SELECT * FROM api_tokens ORDER BY created_at, id').all() as unknown as Row[]).map(info),
    check(secret) {
      const row = db.prepare('SELECT * FROM api_tokens WHERE hash = ?').get(hashToken(secret)) as Row | undefined;
      if (!row) return { ok: false, reason: 'unknown' };
      if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
      if (row.expires_at !== null && row.expires_at <= now()) return { ok: false, reason: 'expired' };
      return { ok: true, token: info(row) };
    },
    close: () => db.close(),
  };
}
