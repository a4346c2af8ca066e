/** Conformance specs for `getIssue`, `addLabels`, `removeLabel` and `permissionOf`. */
import { describe, expect, it } from 'vitest';
import { expectForgeError, missingRepo, repo, type UseForge } from './fixtures.ts';

/** Registers the `getIssue` specs. */
export function describeGetIssue(use: UseForge): void {
  describe('getIssue', () => {
    it('reads title, body, labels, author, state and link', async () => {
      const { forge, mock } = use();
      const number = mock.createIssue(repo, { title: 'Add dark mode', body: 'Users ask for **dark mode**.', author: 'alice', labels: ['autodevops', 'ui'] });
      const issue = await forge.getIssue({ repo, number });
      expect(issue).toMatchObject({ title: 'Add dark mode', body: 'Users ask for **dark mode**.', author: 'alice', state: 'open' });
      expect([...issue.labels].sort()).toEqual(['autodevops', 'ui']);
      expect(issue.url).toMatch(/^https?:\/\/.+/);
      expect(issue.url).toContain(String(number));
    });

    it('reads an empty body as empty text', async () => {
      const { forge, mock } = use();
      const number = mock.createIssue(repo, { title: 'No details', body: '', author: 'bob' });
      expect((await forge.getIssue({ repo, number })).body).toBe('');
    });

    it('reports an issue or repository that does not exist as not found', async () => {
      const { forge, secrets } = use();
      await expectForgeError(forge.getIssue({ repo, number: 999 }), 'ADO_FORGE_NOT_FOUND', secrets);
      await expectForgeError(forge.getIssue({ repo: missingRepo, number: 1 }), 'ADO_FORGE_NOT_FOUND', secrets);
    });
  });
}

/** Registers the `addLabels` and `removeLabel` specs. */
export function describeLabels(use: UseForge): void {
  describe('addLabels / removeLabel', () => {
    it('adds labels, keeping the ones already there', async () => {
      const { forge, mock } = use();
      const number = mock.createIssue(repo, { title: 't', body: '', author: 'alice', labels: ['bug'] });
      await forge.addLabels({ repo, number, labels: ['autodevops:running', 'bug'] });
      expect([...mock.labels(repo, number)].sort()).toEqual(['autodevops:running', 'bug']);
    });

    it('removes a label, and removing an absent one is not an error', async () => {
      const { forge, mock } = use();
      const number = mock.createIssue(repo, { title: 't', body: '', author: 'alice', labels: ['autodevops', 'bug'] });
      await forge.removeLabel({ repo, number, label: 'autodevops' });
      await forge.removeLabel({ repo, number, label: 'never-there' });
      expect(mock.labels(repo, number)).toEqual(['bug']);
    });

    it('does nothing for an empty label list', async () => {
      const { forge, mock } = use();
      const number = mock.createIssue(repo, { title: 't', body: '', author: 'alice' });
      await forge.addLabels({ repo, number, labels: [] });
      expect(mock.labels(repo, number)).toEqual([]);
    });

    it('reports an issue or repository that does not exist as not found', async () => {
      const { forge, secrets } = use();
      await expectForgeError(forge.addLabels({ repo, number: 999, labels: ['x'] }), 'ADO_FORGE_NOT_FOUND', secrets);
      await expectForgeError(forge.removeLabel({ repo, number: 999, label: 'x' }), 'ADO_FORGE_NOT_FOUND', secrets);
      await expectForgeError(forge.removeLabel({ repo: missingRepo, number: 1, label: 'x' }), 'ADO_FORGE_NOT_FOUND', secrets);
    });
  });
}

/** Registers the `permissionOf` specs. */
export function describePermissionOf(use: UseForge): void {
  describe('permissionOf', () => {
    it('maps each person to admin, write, read or none', async () => {
      const { forge, mock } = use();
      mock.setPermission(repo, 'maintainer', 'admin');
      mock.setPermission(repo, 'dev', 'write');
      mock.setPermission(repo, 'viewer', 'read');
      const levels = await Promise.all(['maintainer', 'dev', 'viewer', 'stranger'].map((user) => forge.permissionOf({ repo, user })));
      expect(levels).toEqual(['admin', 'write', 'read', 'none']);
    });

    it('reports a repository that does not exist as not found', async () => {
      const { forge, secrets } = use();
      await expectForgeError(forge.permissionOf({ repo: missingRepo, user: 'dev' }), 'ADO_FORGE_NOT_FOUND', secrets);
    });
  });
}
