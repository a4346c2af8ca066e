/** Temporary data directories for tests, removed afterwards. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh empty directory and its removal. */
export async function tempDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ado-store-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
