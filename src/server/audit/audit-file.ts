/** The audit log of a data directory's `server.db`, opened on its own (for `autodevops audit`). */
import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { AutodevopsError } from '../../core/errors.ts';
import { AuditLog } from './audit-log.ts';

/** The file, in a data directory, that holds the server's state and its audit log. */
export const serverDbFile = 'server.db';

/** Opens the audit log in an existing database file; `close()` closes the file. */
export function openAuditLogFile(file: string): AuditLog & { close(): void } {
  if (!existsSync(file)) {
    throw new AutodevopsError('ADO_DATA_DIR_UNUSABLE', `there is no server database at ${file}`, {
      hint: 'Pass the --data-dir the server (`autodevops serve`) was started with.',
    });
  }
  const db = new DatabaseSync(file);
  // The server may be appending at the same moment: wait for its write lock instead of failing.
  db.exec('PRAGMA busy_timeout = 5000');
  const log = new AuditLog(db);
  return Object.assign(log, { close: () => db.close() });
}
