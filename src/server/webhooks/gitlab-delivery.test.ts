import { describe, expect, it } from 'vitest';
import { parseGitlabDelivery } from './gitlab-delivery.ts';
import type { ParsedDelivery, ParseResult } from './parsed-delivery.ts';

const project = { name: 'shop', default_branch: 'main' };

function parsed(result: ParseResult): ParsedDelivery {
  if ('ignored' in result) throw new Error(`ignored: ${result.ignored}`);
  return result.delivery;
}

const mr = (attrs: Record<string, unknown>) => parsed(parseGitlabDelivery('Merge Request Hook', {
  object_kind: 'merge_request', project, object_attributes: { iid: 3, target_branch: 'main', last_commit: { id: 'c1' }, ...attrs },
}, 'u1'));

describe('parseGitlabDelivery', () => {
  it('maps branch and tag pushes onto push, keeping GitLab names in source', () => {
    const push = parsed(parseGitlabDelivery('Push Hook', {
      object_kind: 'push', ref: 'refs/heads/main', checkout_sha: 'c2', total_commits_count: 2, project,
      commits: [{ added: ['a'], modified: [], removed: [] }, { added: [], modified: ['b'], removed: ['a'] }],
    }, 'u1'));
    expect(push).toMatchObject({ event: 'push', ref: 'refs/heads/main', sha: 'c2', changedFiles: ['a', 'b'], source: { forge: 'gitlab', event: 'push', deliveryId: 'u1' } });
    const tag = parsed(parseGitlabDelivery('Tag Push Hook', { object_kind: 'tag_push', ref: 'refs/tags/v1', after: 'c3', project }, 'u2'));
    expect(tag).toMatchObject({ event: 'push', ref: 'refs/tags/v1', sha: 'c3', source: { event: 'tag_push' } });
  });

  it('leaves the changed files unknown when GitLab cut the commit list short, and ignores deletions', () => {
    const cut = parsed(parseGitlabDelivery('Push Hook', { object_kind: 'push', ref: 'refs/heads/main', after: 'c', total_commits_count: 30, commits: [{ added: ['a'] }] }, 'u'));
    expect(cut).not.toHaveProperty('changedFiles');
    expect(parseGitlabDelivery('Push Hook', { object_kind: 'push', ref: 'refs/heads/old', after: '0000000000000000000000000000000000000000', checkout_sha: null }, 'u'))
      .toEqual({ ignored: 'the push deletes refs/heads/old; push workflows do not run for a deleted ref' });
    expect(parseGitlabDelivery('Push Hook', { object_kind: 'push' }, 'u')).toEqual({ ignored: 'the push deletes a ref; push workflows do not run for a deleted ref' });
  });

  it('maps merge request actions onto pull_request activity types', () => {
    expect(mr({ action: 'open' })).toMatchObject({ event: 'pull_request', action: 'opened', baseRef: 'main', ref: 'refs/merge-requests/3/head', sha: 'c1' });
    expect(mr({ action: 'reopen' }).action).toBe('reopened');
    expect(mr({ action: 'close' }).action).toBe('closed');
    expect(mr({ action: 'merge' }).action).toBe('closed');
    expect(mr({ action: 'update', oldrev: 'c0' }).action).toBe('synchronize');
    expect(mr({ action: 'update' }).action).toBe('edited');
    const relabelled = parsed(parseGitlabDelivery('Merge Request Hook', {
      object_kind: 'merge_request', project, object_attributes: { iid: 3, action: 'update' }, changes: { labels: { previous: [], current: [{ id: 1, title: 'ready' }] } },
    }, 'u1'));
    expect(relabelled.action).toBe('labeled');
    expect(mr({ action: 'approved' })).toMatchObject({ action: 'approved', source: { event: 'merge_request', action: 'approved' } });
    expect(mr({ iid: undefined })).not.toHaveProperty('ref');
    expect(mr({})).not.toHaveProperty('action');
  });

  it('maps notes onto issue_comment or commit_comment, and issues onto issues', () => {
    const note = (attrs: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      parseGitlabDelivery('Note Hook', { object_kind: 'note', project, object_attributes: attrs, ...extra }, 'n');
    expect(parsed(note({ noteable_type: 'MergeRequest' }))).toMatchObject({ event: 'issue_comment', action: 'created', ref: 'refs/heads/main' });
    expect(parsed(note({ noteable_type: 'Issue', action: 'update' }))).toMatchObject({ event: 'issue_comment', action: 'edited' });
    expect(parsed(note({ noteable_type: 'Commit' }, { commit: { id: 'c9' } }))).toMatchObject({ event: 'commit_comment', sha: 'c9' });
    expect(note({ noteable_type: 'Snippet' })).toEqual({ ignored: 'a comment on a snippet starts no workflow' });
    const issue = (action?: string) => parsed(parseGitlabDelivery('Issue Hook', { object_kind: 'issue', object_attributes: { action } }, 'i'));
    expect(issue('open')).toMatchObject({ event: 'issues', action: 'opened' });
    expect(issue('update').action).toBe('edited');
    expect(issue('moved').action).toBe('moved');
    expect(issue()).not.toHaveProperty('ref');
  });

  it('maps an issue update that adds a label onto labeled, one that only removes labels onto unlabeled', () => {
    const label = (title: string) => ({ id: title.length, title, color: '#428BCA', project_id: 15, type: 'ProjectLabel', group_id: null });
    const update = (previous: unknown, current: unknown, more: Record<string, unknown> = {}) => parsed(parseGitlabDelivery('Issue Hook', {
      object_kind: 'issue', project, object_attributes: { iid: 4, action: 'update' }, labels: current, changes: { labels: { previous, current }, ...more },
    }, 'i'));
    expect(update([label('bug')], [label('bug'), label('autodevops')])).toMatchObject({ event: 'issues', action: 'labeled', ref: 'refs/heads/main', source: { event: 'issue', action: 'update' } });
    expect(update([], [label('autodevops')]).action).toBe('labeled');
    // Swapping one label for another adds one: labeled, as GitHub's delivery for the added label is.
    expect(update([label('bug')], [label('autodevops')]).action).toBe('labeled');
    expect(update([label('bug'), label('autodevops')], [label('bug')]).action).toBe('unlabeled');
    expect(update([label('bug')], [label('bug')]).action).toBe('edited');
    // A title edit carries no label change; malformed label lists count as none.
    const edited = parsed(parseGitlabDelivery('Issue Hook', { object_kind: 'issue', object_attributes: { action: 'update' }, changes: { title: { previous: 'a', current: 'b' } } }, 'i'));
    expect(edited.action).toBe('edited');
    expect(update('bug', { title: 'autodevops' }).action).toBe('edited');
    expect(update([{ id: 1 }, null], [{ title: '' }, 7]).action).toBe('edited');
  });

  it('ignores hooks it does not map', () => {
    expect(parseGitlabDelivery(undefined, { object_kind: 'build' }, 'b')).toEqual({
      ignored: 'GitLab event "build" starts no workflow here (supported: Push, Tag Push, Merge Request, Note, Issue hooks)',
    });
    expect(parseGitlabDelivery(undefined, {}, 'b')).toMatchObject({ ignored: expect.stringMatching(/^GitLab event "unknown"/) });
  });
});
