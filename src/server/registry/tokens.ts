/**
 * API tokens. Each belongs to one project (or to `*`: server-wide) with one role. Only the
 * SHA-256 of a token is kept; the token itself is returned once, at creation.
 */
import { hash, randomBytes, randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { ChangeGuardedMemo, prepared } from './prepared.ts';
import { AutodevopsError } from '../../core/errors.ts';

/** What a token may do in its project: viewer reads; operator also runs (dispatch, cancel, retry, approve); admin also configures. */
export type Role = 'viewer' | 'operator' | 'admin';

/** The roles, weakest first. */
export const roles: readonly Role[] = ['viewer', 'operator', 'admin'];

/** True when `role` is at least `needed`. */
export function atLeast(role: Role, needed: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(needed);
}

/** A token as listed (never the secret). */
export interface TokenInfo {
  id: string;
  name: string;
  /** Its project, or `*` for a server-wide token. */
  project: string;
  role: Role;
  createdAt: number;
  expiresAt?: number;
  revokedAt?: number;
}

/** Why a presented token is refused, or the token it is. */
export type TokenCheck = { ok: true; token: TokenInfo } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

/** The tokens table. */
export interface Tokens {
  /** Creates a token; `secret` is returned once and never stored. */
  create(input: { name: string; project: string; role: Role; expiresAt?: number }): { secret: string; token: TokenInfo };
  /** Revokes by id or unique id prefix, within `project` when given. */
  revoke(id: string, project?: string): TokenInfo;
  /** All tokens, or those of one project; oldest first. */
  list(project?: string): TokenInfo[];
  check(secret: string): TokenCheck;
  /** The same check by the secret's hash (`hashToken`), when the caller has it already. */
  checkHash(hash: string): TokenCheck;
}

interface Row { id: string; name: string; project: string; role: string; created_at: number; expires_at: number | null; revoked_at: number | null }

/** The SHA-256 (hex) a token is stored as. */
export function hashToken(secret: string): string {
  return hash('sha256', secret, 'hex');
}

function info(row: Row): TokenInfo {
  return {
    id: row.id, name: row.name, project: row.project, role: row.role as Role, createdAt: row.created_at,
    ...(row.expires_at !== null && { expiresAt: row.expires_at }), ...(row.revoked_at !== null && { revokedAt: row.revoked_at }),
  };
}

/** How late a token revoked by another process may still be accepted, in milliseconds. */
export const tokenRecheckMs = 1000;

/** The tokens of server.db. */
export function tokensOf(db: DatabaseSync, now: () => number): Tokens {
  const byId = (id: string): Row | undefined => prepared(db, 'SELECT * FROM tokens WHERE id = ?').get(id) as Row | undefined;
  const find = (id: string, project: string | undefined): Row | undefined => {
    const rows = (prepared(db, "SELECT * FROM tokens WHERE id LIKE ?1 || '%' ESCAPE '\\' AND (?2 IS NULL OR project = ?2)").all(id.replace(/[\\%_]/g, '\\$&'), project ?? null) as unknown as Row[]);
    return rows.find((r) => r.id === id) ?? (rows.length === 1 ? rows[0] : undefined);
  };
  // Every request checks its token, so rows are kept by hash: a token created or revoked here
  // takes effect at once, one revoked by another process (`autodevops token revoke` while the
  // server runs) within `tokenRecheckMs`; expiry is checked on every request.
  const known = new ChangeGuardedMemo(db, (hash: string) => {
    const row = prepared(db, 'SELECT * FROM tokens WHERE hash = ?').get(hash) as Row | undefined;
    return row && { row, token: info(row) };
  }, { recheckMs: tokenRecheckMs });
  return {
    create({ name, project, role, expiresAt }) {
      const secret = `ado_${randomBytes(32).toString('base64url')}`;
      const id = randomUUID();
      prepared(db, 'INSERT INTO tokens (id, name, project, role, hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, name, project, role, hashToken(secret), now(), expiresAt ?? null);
      known.clear();
      return { secret, token: info(byId(id)!) };
    },
    revoke(id, project) {
      const row = id === '' ? undefined : find(id, project);
      if (!row) throw new AutodevopsError('ADO_TOKEN_NOT_FOUND', `no API token matches "${id}"`);
      prepared(db, 'UPDATE tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?').run(now(), row.id);
      known.clear();
      return info(byId(row.id)!);
    },
    list: (project) => (prepared(db, 'SELECT * FROM tokens WHERE ?1 IS NULL OR project = ?1 ORDER BY created_at, id').all(project ?? null) as unknown as Row[]).map(info),
    check(secret) {
      return this.checkHash(hashToken(secret));
    },
    checkHash(hash) {
      const found = known.get(hash);
      if (!found) return { ok: false, reason: 'unknown' };
      if (found.row.revoked_at !== null) return { ok: false, reason: 'revoked' };
      if (found.row.expires_at !== null && found.row.expires_at <= now()) return { ok: false, reason: 'expired' };
      return { ok: true, token: found.token };
    },
  };
}
