/** Conformance specs for sealed secrets: putSecrets, getSecrets. */
import { describe, expect, it } from 'vitest';
import { createRun, expectCode, type UseStore } from './fixtures.ts';

/** Specs of `putSecrets` and `getSecrets`. */
export function describeSecrets(use: UseStore): void {
  describe('putSecrets / getSecrets', () => {
    it('stores, then replaces whole, a run\'s sealed secrets', async () => {
      await createRun(use(), 'run-a');
      await createRun(use(), 'run-b');
      expect(await use().getSecrets('run-a')).toBeUndefined();
      await use().putSecrets('run-a', 'sealed-1');
      await use().putSecrets('run-b', 'sealed-b');
      await use().putSecrets('run-a', 'sealed-2');
      expect(await use().getSecrets('run-a')).toBe('sealed-2');
      expect(await use().getSecrets('run-b')).toBe('sealed-b');
    });

    it('rejects secrets for an unknown run', async () => {
      await expectCode(use().putSecrets('nope', 'sealed'), 'ADO_RUN_NOT_FOUND');
      expect(await use().getSecrets('nope')).toBeUndefined();
    });
  });
}
