/**
 * `/autodevops` comments start work only for users with write access: the gate asks the forge
 * (here a recorded function) and ignores, with a logged reason, comments from everyone else.
 */
import { describe, expect, it } from 'vitest';
import { commentGate, type PermissionOf } from './triggers.ts';

const comment = (body: string, user = 'octocat', action = 'created') => ({
  event: 'issue_comment', action, payload: { comment: { body, user: { login: user } }, repository: { full_name: 'acme/shop' }, issue: { number: 7 } },
});

function recording(permissions: Record<string, 'admin' | 'write' | 'read' | 'none'>): { permissionOf: PermissionOf; asked: string[] } {
  const asked: string[] = [];
  return { asked, permissionOf: async (project, repo, user) => (asked.push(`${project}:${repo.owner}/${repo.name}:${user}`), permissions[user] ?? 'none') };
}

describe('commentGate', () => {
  it('lets commands from writers and admins through, asking the forge about the commenter', async () => {
    const { permissionOf, asked } = recording({ octocat: 'write', boss: 'admin' });
    const gate = commentGate(permissionOf, () => undefined);
    expect(await gate('web', comment('/autodevops add a --verbose flag'))).toBeUndefined();
    expect(await gate('web', comment('  /autodevops fix it', 'boss'))).toBeUndefined();
    expect(asked).toEqual(['web:acme/shop:octocat', 'web:acme/shop:boss']);
  });

  it('ignores and logs commands from readers and strangers', async () => {
    const logs: string[] = [];
    const gate = commentGate(recording({ reader: 'read' }).permissionOf, (m) => void logs.push(m));
    expect(await gate('web', comment('/autodevops delete everything', 'reader'))).toMatch(/reader has read access to acme\/shop, write is needed/);
    expect(await gate('web', comment('/autodevops hi', 'stranger'))).toMatch(/stranger has none access/);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toContain('project web');
  });

  it('refuses commands when permissions cannot be checked, and says why', async () => {
    expect(await commentGate(undefined, () => undefined)('web', comment('/autodevops go'))).toMatch(/no forge credentials/);
    const failing = commentGate(async () => {
      throw new Error('ADO_FORGE_AUTH: bad token');
    }, () => undefined);
    expect(await failing('web', comment('/autodevops go'))).toMatch(/unknown \(ADO_FORGE_AUTH: bad token\) access/);
  });

  it('leaves other deliveries alone: ordinary comments, edits, other events', async () => {
    const { permissionOf, asked } = recording({});
    const gate = commentGate(permissionOf, () => undefined);
    expect(await gate('web', comment('looks good to me'))).toBeUndefined();
    expect(await gate('web', comment('/autodevops go', 'x', 'edited'))).toBeUndefined();
    expect(await gate('web', { event: 'issues', action: 'labeled', payload: {} })).toBeUndefined();
    expect(asked).toEqual([]);
  });
});
