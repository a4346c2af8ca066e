/**
 * server.db for the command line, without the engine: `autodevops token` creates, lists and
 * revokes tokens (creating the token's project on first use), and `autodevops secrets rotate-key`
 * seals every secret again with a new key. It works while a server runs on the same data directory.
 */
import { openServerDb } from './registry/server-db.ts';
import { projectsOf, type Projects } from './registry/projects.ts';
import { tokensOf, type Tokens } from './registry/tokens.ts';
import type { SealerFactory } from './secrets/key-ring.ts';
import { rotateSecretsKey, type RotationResult } from './secrets/rotate-key.ts';

/** The registry as the CLI uses it. */
export interface ServerAdmin {
  projects: Projects;
  tokens: Tokens;
  /** Seals every project and webhook secret again with a new key, in one transaction. */
  rotateKey(): RotationResult;
  close(): void;
}

/** Opens server.db in the data directory. */
export function openServerAdmin(options: { dataDir: string; env: Record<string, string | undefined>; sealWith: SealerFactory; now?: () => number }): ServerAdmin {
  const now = options.now ?? Date.now;
  const db = openServerDb(options.dataDir, now);
  return {
    projects: projectsOf(db, now),
    tokens: tokensOf(db, now),
    rotateKey: () => rotateSecretsKey({ db, dataDir: options.dataDir, env: options.env, sealWith: options.sealWith }),
    close: () => db.close(),
  };
}
