/** Conformance specs for `setStatus`. */
import { describe, expect, it } from 'vitest';
import { expectForgeError, missingRepo, repo, sha, type UseForge } from './fixtures.ts';
import type { MockStatus } from './forge-mock.ts';

const base = { repo, sha, context: 'autodevops/ci', description: 'Run 42 is running', targetUrl: 'http://127.0.0.1:7400/runs/42' };

/** Registers the specs. */
export function describeSetStatus(use: UseForge): void {
  describe('setStatus', () => {
    it('reports a pending status with its description and link', async () => {
      const { forge, mock } = use();
      await forge.setStatus({ ...base, state: 'pending' });
      expect(mock.statuses(repo, sha)).toEqual([{ context: base.context, state: 'pending', description: base.description, targetUrl: base.targetUrl }]);
    });

    it('replaces the status of the same context', async () => {
      const { forge, mock } = use();
      await forge.setStatus({ ...base, state: 'pending' });
      await forge.setStatus({ ...base, state: 'success', description: 'Run 42 succeeded' });
      expect(mock.statuses(repo, sha)).toEqual([expect.objectContaining({ context: base.context, state: 'success', description: 'Run 42 succeeded' })]);
    });

    it('keeps contexts apart', async () => {
      const { forge, mock } = use();
      await forge.setStatus({ ...base, state: 'failure', description: 'Run 42 failed' });
      await forge.setStatus({ ...base, context: 'autodevops/review', state: 'success' });
      const states = Object.fromEntries(mock.statuses(repo, sha).map((s) => [s.context, s.state]));
      expect(states).toEqual({ 'autodevops/ci': 'failure', 'autodevops/review': 'success' });
    });

    it('reports a new pending run after a finished one', async () => {
      const { forge, mock } = use();
      await forge.setStatus({ ...base, state: 'failure' });
      await forge.setStatus({ ...base, state: 'pending', description: 'Run 43 is running' });
      expect(mock.statuses(repo, sha)).toEqual([expect.objectContaining({ state: 'pending', description: 'Run 43 is running' })]);
    });

    it('shows an error as a failing state', async () => {
      const { forge, mock } = use();
      await forge.setStatus({ ...base, state: 'error', description: 'The runner was lost' });
      const [{ state }] = mock.statuses(repo, sha) as [MockStatus];
      expect(['error', 'failure']).toContain(state);
    });

    it('shortens a long description to what forges keep', async () => {
      const { forge, mock } = use();
      await forge.setStatus({ ...base, state: 'success', description: 'x'.repeat(500) });
      const [{ description }] = mock.statuses(repo, sha) as [MockStatus];
      expect(description.length).toBeGreaterThan(0);
      expect(description.length).toBeLessThanOrEqual(140);
    });

    it('reports a repository that does not exist as not found', async () => {
      const { forge, secrets } = use();
      await expectForgeError(forge.setStatus({ ...base, repo: missingRepo, state: 'pending' }), 'ADO_FORGE_NOT_FOUND', secrets);
    });
  });
}
