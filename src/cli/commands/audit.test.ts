import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../app.ts';
import type { AppConfig } from '../../app-api.ts';
import { AuditLog } from '../../server/audit/audit-log.ts';
import { openAuditLogFile, serverDbFile } from '../../server/audit/audit-file.ts';
import { createColors } from '../colors.ts';
import { createContext } from '../context.ts';
import { TextBuffer } from '../testing/text-output.ts';
import { auditCommand, formatEntry } from './audit.ts';

let dir: string;
const opened: AppConfig[] = [];
// What app.ts will do once the command is registered: the audit log of the configured data directory.
const audit = auditCommand(async (config) => {
  opened.push(config);
  return openAuditLogFile(path.join(resolveDataDir(config), serverDbFile));
});

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ado-audit-cli-'));
  mkdirSync(path.join(dir, 'state'));
  opened.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The server's side: entries appended to `<dir>/state/server.db`. */
function seed(n: number): DatabaseSync {
  const db = new DatabaseSync(path.join(dir, 'state', serverDbFile));
  const log = new AuditLog(db, { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
  log.append({ actor: 'cli', action: 'token.create', target: 'ci', outcome: 'ok' });
  for (let i = 2; i <= n; i++) log.append({ actor: 'token:ops', project: 'acme', action: 'run.dispatch', target: `run-${i}`, outcome: 'ok', details: { status: 202 } });
  return db;
}

/** Runs `autodevops audit … --data-dir state` the way main() does: a context over buffers, then the handler. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string }> {
  const flags = { 'data-dir': 'state', json: argv.includes('--json') };
  const positionals = argv.filter((a) => !a.startsWith('--'));
  const stdout = new TextBuffer();
  const io = { stdout, stderr: new TextBuffer(), env: {}, cwd: dir, now: () => 0, openApp: () => Promise.reject(new Error('unused')), onInterrupt: () => () => undefined, exit: () => undefined };
  const ctx = createContext(flags, positionals, io, createColors(false));
  const code = await audit(ctx);
  return { code, stdout: stdout.text };
}

describe('autodevops audit', () => {
  it('verifies an intact log and prints its size and head', async () => {
    const db = seed(3);
    const head = new AuditLog(db).head().hash;
    db.close();
    expect(await cli(['verify'])).toEqual({ code: 0, stdout: `audit log OK: 3 entries, head ${head}\n` });
    expect(JSON.parse((await cli(['verify', '--json'])).stdout)).toEqual({ ok: true, entries: 3, head });
    expect(opened[0]).toEqual({ cwd: dir, env: {}, dataDir: path.join(dir, 'state') });
  });

  it('names the first bad entry of a tampered log and exits 1', async () => {
    const db = seed(4);
    db.exec('DELETE FROM audit_log WHERE seq = 2');
    db.close();
    const failure = await cli(['verify']).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'ADO_AUDIT_BROKEN', exitCode: 1, message: 'audit log broken at entry 2: entry 2 is missing (the next entry is 3)' });
  });

  it('lists entries as lines or as JSON, and says when the log is empty', async () => {
    const empty = new DatabaseSync(path.join(dir, 'state', serverDbFile));
    empty.close();
    expect((await cli(['list'])).stdout).toBe('The audit log is empty.\n');
    seed(2).close();
    expect((await cli(['list'])).stdout).toBe('#1  2026-01-02T03:04:05.000Z  cli  -  token.create  ci  ok\n#2  2026-01-02T03:04:05.000Z  token:ops  acme  run.dispatch  run-2  ok\n');
    const listed = JSON.parse((await cli(['list', '--json'])).stdout);
    expect(listed).toHaveLength(2);
    expect(listed[1]).toMatchObject({ seq: 2, project: 'acme', details: { status: 202 }, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('refuses an unknown action and a data directory without a server database', async () => {
    await expect(cli(['rewrite'])).rejects.toMatchObject({ code: 'ADO_USAGE', message: 'unknown audit action "rewrite"; use verify or list' });
    await expect(cli([])).rejects.toMatchObject({ code: 'ADO_USAGE' });
    rmSync(path.join(dir, 'state'), { recursive: true });
    await expect(cli(['verify'])).rejects.toMatchObject({ code: 'ADO_DATA_DIR_UNUSABLE' });
  });

  it('formats an entry without project or target with dashes', () => {
    expect(formatEntry({ seq: 7, at: 0, actor: 'anonymous', action: 'login.failed', outcome: 'denied', details: {}, hash: '' })).toBe('#7  1970-01-01T00:00:00.000Z  anonymous  -  login.failed  -  denied');
  });
});
