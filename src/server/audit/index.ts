/** The hash-chained audit log: the log itself, its Hono middleware, and opening it from a data directory. */
export { AuditLog, chainHash, genesisHash, type AuditEntry, type AuditOutcome, type AuditRecord, type AuditVerification } from './audit-log.ts';
export { auditMiddleware, outcomeOf, remoteAddress, type AuditMiddlewareOptions } from './audit-middleware.ts';
export { actionName } from './action-name.ts';
export { openAuditLogFile, serverDbFile } from './audit-file.ts';
export { canonicalJson } from './canonical-json.ts';
