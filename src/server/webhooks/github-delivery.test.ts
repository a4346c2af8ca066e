import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseGithubDelivery, supportedGithubEvents } from './github-delivery.ts';
import type { ParsedDelivery, ParseResult } from './parsed-delivery.ts';

const source = { forge: 'github' as const, deliveryId: 'd1' };
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as Array<{ name: string; examples: Array<Record<string, unknown>> }>;

function parsed(result: ParseResult): ParsedDelivery {
  if ('ignored' in result) throw new Error(`ignored: ${result.ignored}`);
  return result.delivery;
}

describe('parseGithubDelivery', () => {
  it('parses every example payload of every supported event', () => {
    let count = 0;
    for (const set of examples.filter((s) => supportedGithubEvents.includes(s.name))) {
      for (const payload of set.examples) {
        const result = parseGithubDelivery(set.name, payload, source);
        if ('ignored' in result) {
          expect(result.ignored).toMatch(/deletes/);
          continue;
        }
        count++;
        expect(result.delivery).toMatchObject({ event: set.name, payload, source: { forge: 'github', event: set.name, deliveryId: 'd1' } });
        if (typeof payload.action === 'string') expect(result.delivery.action).toBe(payload.action);
      }
    }
    expect(count).toBeGreaterThan(50);
  });

  it('gives a push its ref, sha and the union of the files its commits changed', () => {
    const delivery = parsed(parseGithubDelivery('push', {
      ref: 'refs/heads/main', after: 'abc', commits: [
        { added: ['a.ts'], modified: ['b.ts'], removed: [] },
        { added: [], modified: ['a.ts', 7], removed: ['c.ts'] },
      ],
    }, source));
    expect(delivery).toMatchObject({ ref: 'refs/heads/main', sha: 'abc', changedFiles: ['a.ts', 'b.ts', 'c.ts'] });
    expect(delivery.source.action).toBeUndefined();
    expect(parsed(parseGithubDelivery('push', { ref: 'refs/heads/main', after: 'abc', commits: [] }, source))).not.toHaveProperty('changedFiles');
    expect(parseGithubDelivery('push', { ref: 'refs/heads/x', after: '0000000000000000000000000000000000000000' }, source)).toEqual({
      ignored: 'the push deletes refs/heads/x; push workflows do not run for a deleted ref',
    });
    expect(parseGithubDelivery('push', { deleted: true }, source)).toEqual({ ignored: 'the push deletes a ref; push workflows do not run for a deleted ref' });
  });

  it('reads pull request, release and dispatch fields defensively', () => {
    expect(parsed(parseGithubDelivery('pull_request', { action: 'opened', pull_request: { number: 5, base: { ref: 'main' }, head: { sha: 'h' } } }, source)))
      .toMatchObject({ action: 'opened', ref: 'refs/pull/5/merge', baseRef: 'main', sha: 'h' });
    expect(parsed(parseGithubDelivery('pull_request', { action: 'opened', pull_request: 'nonsense' }, source))).not.toHaveProperty('ref');
    expect(parsed(parseGithubDelivery('release', { action: 'published' }, source))).not.toHaveProperty('ref');
    expect(parsed(parseGithubDelivery('repository_dispatch', { event_type: 'deploy', repository: { default_branch: 'trunk' } }, source)))
      .toMatchObject({ action: 'deploy', ref: 'refs/heads/trunk' });
    expect(parsed(parseGithubDelivery('issues', { action: 'opened', repository: { default_branch: '' } }, source))).not.toHaveProperty('ref');
    expect(parsed(parseGithubDelivery('workflow_dispatch', { ref: 'refs/heads/main', workflow: '.github/workflows/a.yml' }, source)))
      .toMatchObject({ ref: 'refs/heads/main', workflowFile: '.github/workflows/a.yml' });
  });

  it('ignores events that start no workflow, and names the supported ones', () => {
    expect(parseGithubDelivery('ping', {}, source)).toEqual({ ignored: 'ping: the webhook is set up and its signature verifies' });
    expect(parseGithubDelivery('constructor', {}, source)).toEqual({
      ignored: 'event "constructor" starts no workflow here (supported: push, pull_request, issues, issue_comment, release, workflow_dispatch, repository_dispatch)',
    });
  });
});
