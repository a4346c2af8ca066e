/**
 * Rate limits from the environment, for servers whose callers are other machines (a CI fleet, a
 * dashboard, a benchmark) rather than people: `AUTODEVOPS_RATE_LIMIT_TOKEN` and
 * `AUTODEVOPS_RATE_LIMIT_ADDRESS`, each `<requests per second>[/<burst>]` (burst defaults to twice
 * the rate). Unset keeps the defaults of rate-limit.ts.
 */
import { AutodevopsError } from '../../core/errors.ts';
import type { RateLimitOptions } from './rate-limit.ts';
import type { BucketPolicy } from './token-bucket.ts';

/** The variables read, by the policy they set. */
export const rateLimitEnv = { perToken: 'AUTODEVOPS_RATE_LIMIT_TOKEN', perAddress: 'AUTODEVOPS_RATE_LIMIT_ADDRESS' } as const;

/** `100` or `100/250` as a policy; ADO_CONFIG_INVALID naming the variable otherwise. */
export function parseBucketPolicy(name: string, text: string): BucketPolicy {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(\d+)\s*)?$/.exec(text);
  const ratePerSecond = Number(match?.[1]);
  const burst = match?.[2] === undefined ? Math.max(1, Math.ceil(ratePerSecond * 2)) : Number(match[2]);
  if (!match || !(ratePerSecond > 0) || !(burst >= 1)) {
    throw new AutodevopsError('ADO_CONFIG_INVALID', `${name}="${text}" is not a rate limit`, { hint: `Write <requests per second>[/<burst>], e.g. ${name}=200/400.` });
  }
  return { ratePerSecond, burst };
}

/** The policies the environment sets (none when neither variable is set). */
export function rateLimitFromEnv(env: Record<string, string | undefined>): Pick<RateLimitOptions, 'perToken' | 'perAddress'> {
  const out: Pick<RateLimitOptions, 'perToken' | 'perAddress'> = {};
  for (const key of ['perToken', 'perAddress'] as const) {
    const text = env[rateLimitEnv[key]];
    if (text !== undefined && text !== '') out[key] = parseBucketPolicy(rateLimitEnv[key], text);
  }
  return out;
}
