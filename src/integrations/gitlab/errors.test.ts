import { describe, expect, it } from 'vitest';
import { AutodevopsError } from '../../core/errors.ts';
import { scrub, toForgeError } from './errors.ts';
import { GitLabHttpError } from './requester.ts';

const now = Date.parse('2026-01-01T00:00:00Z');

describe('toForgeError', () => {
  it('maps GitLab statuses to the forge codes', () => {
    const codes = [401, 403, 404, 400, 405, 409, 422, 503].map((status) => toForgeError(new GitLabHttpError(status, 'm', {}), 'doing x').code);
    expect(codes).toEqual(['ADO_FORGE_AUTH', 'ADO_FORGE_AUTH', 'ADO_FORGE_NOT_FOUND', 'ADO_FORGE_REFUSED', 'ADO_FORGE_REFUSED', 'ADO_FORGE_REFUSED', 'ADO_FORGE_REFUSED', 'ADO_FORGE_REFUSED']);
  });

  it('names the reset time of a rate limit from RateLimit-Reset, else Retry-After, else a minute', () => {
    const at = (headers: Record<string, string>) => /resets at (\S+)\./.exec(toForgeError(new GitLabHttpError(429, 'Retry later', headers), 'x', [], now).message)?.[1];
    expect(at({ 'ratelimit-reset': String(now / 1000 + 90), 'retry-after': '5' })).toBe('2026-01-01T00:01:30.000Z');
    expect(at({ 'retry-after': '5' })).toBe('2026-01-01T00:00:05.000Z');
    expect(at({})).toBe('2026-01-01T00:01:00.000Z');
    expect(toForgeError(new GitLabHttpError(429, 'x', {}), 'x').code).toBe('ADO_FORGE_RATE_LIMITED');
  });

  it('keeps autodevops errors, and scrubs secrets and GitLab token shapes', () => {
    const own = new AutodevopsError('ADO_FORGE_REFUSED', 'already ours');
    expect(toForgeError(own, 'x')).toBe(own);
    const error = toForgeError(new GitLabHttpError(400, 'bad token glpat-abcdefghijklmnopqrstu and s3cr3t', {}), 'x', ['s3cr3t']);
    expect(error.message).toBe('GitLab answered 400 bad token *** and *** while x: GitLab refused the change.');
    expect(scrub('gldt-0123456789abcdefghij', [])).toBe('***');
  });

  it('says GitLab could not be reached for errors without an answer', () => {
    expect(toForgeError('socket hang up', 'reading').message).toBe('GitLab could not be reached while reading: socket hang up');
  });
});
