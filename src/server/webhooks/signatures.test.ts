import { sign } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import {
  checkGenericDelivery, GENERIC_TIMESTAMP_TOLERANCE_MS, signGenericDelivery, signGithubBody, verifyGithubSignature, verifyGitlabToken,
} from './signatures.ts';

describe('GitHub signatures', () => {
  const body = '{"zen":"Keep it logically awesome."}';

  it('agrees with @octokit/webhooks-methods and verifies exact bytes', async () => {
    expect(signGithubBody('s3cret', body)).toBe(await sign('s3cret', body));
    expect(verifyGithubSignature('s3cret', body, await sign('s3cret', body))).toBe(true);
    expect(verifyGithubSignature('s3cret', Buffer.from(body), signGithubBody('s3cret', body).toUpperCase().replace('SHA256', 'sha256'))).toBe(true);
  });

  it('refuses a wrong secret, a changed body, a malformed or missing header and an empty secret', () => {
    const header = signGithubBody('s3cret', body);
    expect(verifyGithubSignature('other', body, header)).toBe(false);
    expect(verifyGithubSignature('s3cret', `${body} `, header)).toBe(false);
    expect(verifyGithubSignature('s3cret', body, header.slice(0, -2))).toBe(false);
    expect(verifyGithubSignature('s3cret', body, `sha1=${header.slice(7)}`)).toBe(false);
    expect(verifyGithubSignature('s3cret', body, undefined)).toBe(false);
    expect(verifyGithubSignature('', body, signGithubBody('', body))).toBe(false);
  });
});

describe('GitLab tokens', () => {
  it('compares the whole token', () => {
    expect(verifyGitlabToken('tok', 'tok')).toBe(true);
    expect(verifyGitlabToken('tok', 'to')).toBe(false);
    expect(verifyGitlabToken('tok', 'tokk')).toBe(false);
    expect(verifyGitlabToken('tok', undefined)).toBe(false);
    expect(verifyGitlabToken('', '')).toBe(false);
  });
});

describe('generic signatures', () => {
  const now = 1_750_000_000_000;
  const delivery = { timestamp: String(now / 1000), deliveryId: 'd-1', event: 'repository_dispatch', body: '{"a":1}' };
  const header = signGenericDelivery('k', delivery);

  it('accepts a signed delivery within the tolerance on either side', () => {
    expect(checkGenericDelivery('k', delivery, header, now)).toBeUndefined();
    expect(checkGenericDelivery('k', delivery, header, now + GENERIC_TIMESTAMP_TOLERANCE_MS)).toBeUndefined();
    expect(checkGenericDelivery('k', delivery, header, now - GENERIC_TIMESTAMP_TOLERANCE_MS)).toBeUndefined();
  });

  it('signs the timestamp, delivery id and event with the body', () => {
    for (const changed of [{ timestamp: String(now / 1000 + 1) }, { deliveryId: 'd-2' }, { event: 'push' }, { body: '{"a":2}' }]) {
      expect(checkGenericDelivery('k', { ...delivery, ...changed }, header, now)).toBe('the X-Autodevops-Signature does not match the delivery');
    }
    expect(checkGenericDelivery('', delivery, signGenericDelivery('', delivery), now)).toBe('the X-Autodevops-Signature does not match the delivery');
  });

  it('refuses stale or malformed timestamps and missing signatures', () => {
    expect(checkGenericDelivery('k', delivery, header, now + GENERIC_TIMESTAMP_TOLERANCE_MS + 1000)).toMatch(/301 s away/);
    const odd = { ...delivery, timestamp: '17e8' };
    expect(checkGenericDelivery('k', odd, signGenericDelivery('k', odd), now)).toBe('X-Autodevops-Timestamp must be Unix seconds');
    expect(checkGenericDelivery('k', delivery, undefined, now)).toMatch(/no `X-Autodevops-Signature/);
  });
});
