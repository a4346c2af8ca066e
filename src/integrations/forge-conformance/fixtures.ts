/** Shared pieces of the forge conformance specs. */
import { expect } from 'vitest';
import type { ErrorCode } from '../../core/errors.ts';
import type { Forge, RepoRef } from '../../engine/ports/forge.ts';
import type { ForgeMock } from './forge-mock.ts';

/** A forge under test, its mock, the credentials it holds, and how to dispose of them. */
export interface ForgeUnderTest {
  forge: Forge;
  mock: ForgeMock;
  /** Credential texts that must never appear in an error. */
  secrets: string[];
  cleanup(): Promise<void>;
}

/** How the suite asks for a forge: `missing` credentials must fail with ADO_FORGE_AUTH (at creation or first use). */
export interface MakeForgeOptions {
  credentials?: 'valid' | 'missing';
}

/** Makes a fresh forge and mock; called once per spec. The forge must retry rate limits after short (test-sized) waits. */
export type MakeForge = (options?: MakeForgeOptions) => Promise<ForgeUnderTest>;

/** Gives the forge of the spec being run. */
export type UseForge = () => ForgeUnderTest;

/** The repository every spec starts with: default branch `main`, plus `ado/fix-1`, `ado/fix-2` and `release`. */
export const repo: RepoRef = { owner: 'octo-org', name: 'web-app' };

/** A repository nobody created. */
export const missingRepo: RepoRef = { owner: 'octo-org', name: 'does-not-exist' };

/** A commit SHA. */
export const sha = '0123456789abcdef0123456789abcdef01234567';

/** Asserts that `promise` rejects with this forge code, and that no credential leaks from the error. */
export async function expectForgeError(promise: Promise<unknown>, code: ErrorCode, secrets: readonly string[]): Promise<Error> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error, `expected ${code}`).toMatchObject({ name: 'AutodevopsError', code });
  const e = error as Error & { hint: string; cause?: unknown };
  const visible = [e.message, e.hint, String(e.stack), JSON.stringify(e), String(e.cause)].join('\n');
  for (const secret of secrets) expect(visible.includes(secret), 'a credential appears in the error').toBe(false);
  return e;
}
