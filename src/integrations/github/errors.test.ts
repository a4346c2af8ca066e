import { describe, expect, it } from 'vitest';
import { AutodevopsError } from '../../core/errors.ts';
import { toForgeError } from './errors.ts';

const now = Date.parse('2025-03-01T12:00:00Z');

function http(status: number, data: unknown, headers: Record<string, string> = {}, message = 'x'): unknown {
  return Object.assign(new Error(message), { name: 'HttpError', status, response: { status, headers, data } });
}

describe('toForgeError', () => {
  it('keeps an AutodevopsError as it is', () => {
    const original = new AutodevopsError('ADO_FORGE_AUTH', 'already mapped');
    expect(toForgeError(original, 'x')).toBe(original);
  });

  it.each([
    [401, 'ADO_FORGE_AUTH', 'wrong, expired or revoked'],
    [403, 'ADO_FORGE_AUTH', 'lack the permission'],
    [404, 'ADO_FORGE_NOT_FOUND', 'does not exist'],
    [410, 'ADO_FORGE_NOT_FOUND', 'does not exist'],
    [405, 'ADO_FORGE_REFUSED', 'refused the change'],
    [409, 'ADO_FORGE_REFUSED', 'refused the change'],
    [422, 'ADO_FORGE_REFUSED', 'refused the change'],
    [400, 'ADO_FORGE_REFUSED', 'rejected the request'],
    [503, 'ADO_FORGE_REFUSED', 'kept failing'],
  ])('maps %i to %s', (status, code, meaning) => {
    const error = toForgeError(http(status, { message: 'GitHub says no' }), 'doing it', [], now);
    expect(error.code).toBe(code);
    expect(error.message).toContain(`GitHub answered ${status} GitHub says no while doing it: `);
    expect(error.message).toContain(meaning);
  });

  it("lists the details of GitHub's validation errors", () => {
    const error = toForgeError(http(422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', field: 'base', code: 'invalid' }, 'plain text', { message: 'A pull request already exists' }, {}] }), 'x');
    expect(error.message).toContain('Validation Failed (PullRequest base invalid; plain text; A pull request already exists)');
  });

  it('says when GitHub gave no message', () => {
    expect(toForgeError(http(404, 'not json'), 'x').message).toContain('404 without a message');
  });

  it('reads the reset time of an exhausted primary limit', () => {
    const error = toForgeError(http(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 120) }), 'x', [], now);
    expect(error.code).toBe('ADO_FORGE_RATE_LIMITED');
    expect(error.message).toContain('resets at 2025-03-01T12:02:00.000Z');
    expect(error.hint).toContain('2025-03-01T12:02:00.000Z');
  });

  it('reads retry-after of a 429, and of a secondary limit named only in the message', () => {
    expect(toForgeError(http(429, {}, { 'retry-after': '30' }), 'x', [], now).message).toContain('2025-03-01T12:00:30.000Z');
    const secondary = toForgeError(http(403, {}, {}, 'You have exceeded a secondary rate limit'), 'x', [], now);
    expect(secondary.code).toBe('ADO_FORGE_RATE_LIMITED');
    expect(secondary.message).toContain('2025-03-01T12:01:00.000Z');
  });

  it('maps a failure before any answer to ADO_FORGE_AUTH', () => {
    const signing = toForgeError(new Error('invalid key data'), 'signing');
    expect([signing.code, signing.message]).toEqual(['ADO_FORGE_AUTH', 'GitHub authentication failed while signing: invalid key data']);
    expect(toForgeError('a string', 'signing').message).toContain('a string');
  });

  it('scrubs known secrets and GitHub token shapes from the message', () => {
    const error = toForgeError(http(401, { message: 'token s3cr3t-value and ghp_abcdefghijklmnopqrstuvwxyz0123 and github_pat_11ABCDEFG0123456789 rejected' }), 'x', ['s3cr3t-value', 'ab']);
    expect(error.message).not.toMatch(/s3cr3t|ghp_|github_pat_/);
    expect(error.message).toContain('token *** and *** and *** rejected');
  });
});
