/** The registry's migrations (set "registry" of server.db). Never edit a released one: add the next. */
import type { Migration } from './migrate.ts';
import registry from './migrations/0001-registry.sql';
import runCounts from './migrations/0002-run-counts.sql';

/** Every registry migration, oldest first. */
export const registryMigrations: readonly Migration[] = [
  { version: 1, name: '0001-registry', sql: registry },
  { version: 2, name: '0002-run-counts', sql: runCounts },
];
