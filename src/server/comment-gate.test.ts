/**
 * `/autodevops` comments start work only for users with write access: the gate asks the forge
 * (here a recorded function) and ignores, with a logged reason, comments from everyone else.
 */
import { describe, expect, it } from 'vitest';
import { commentGate, type PermissionOf } from './comment-gate.ts';

const comment = (body: string, user = 'octocat', action = 'created') => ({
  event: 'issue_comment', action, payload: { comment: { body, user: { login: user } }, repository: { full_name: 'acme/shop' }, issue: { number: 7 } },
});

function recording(permissions: Record<string, 'admin' | 'write' | 'read' | 'none'>): { permissionOf: PermissionOf; asked: string[] } {
  const asked: string[] = [];
  return { asked, permissionOf: async (project, forge, repo, user) => (asked.push(`${project}:${forge}:${repo.owner}/${repo.name}:${user}`), permissions[user] ?? 'none') };
}

describe('commentGate', () => {
  it('lets commands from writers and admins through, asking the forge about the commenter', async () => {
    const { permissionOf, asked } = recording({ octocat: 'write', boss: 'admin' });
    const gate = commentGate(permissionOf, () => undefined);
    expect(await gate('web', comment('/autodevops add a --verbose flag'))).toBeUndefined();
    expect(await gate('web', comment('  /autodevops fix it', 'boss'))).toBeUndefined();
    expect(asked).toEqual(['web:github:acme/shop:octocat', 'web:github:acme/shop:boss']);
  });

  it('reads GitLab note hooks too, asking GitLab about the member of a nested project', async () => {
    const { permissionOf, asked } = recording({ dev: 'write' });
    const gate = commentGate(permissionOf, () => undefined);
    const note = (user: string) => ({ event: 'issue_comment', action: 'created', payload: { object_kind: 'note', object_attributes: { note: '/autodevops go' }, user: { username: user }, project: { path_with_namespace: 'group/sub/shop' } } });
    expect(await gate('web', note('dev'))).toBeUndefined();
    expect(await gate('web', note('guest'))).toMatch(/guest has none access to group\/sub\/shop/);
    expect(asked).toEqual(['web:gitlab:group/sub/shop:dev', 'web:gitlab:group/sub/shop:guest']);
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
