/** Request limits: body size, and rate per token and per address. */
export { bodySizeLimit, defaultMaxBodyBytes, type BodySizeLimitOptions } from './body-limit.ts';
export { rateLimit, defaultPerAddress, defaultPerToken, type RateLimitOptions } from './rate-limit.ts';
export { TokenBuckets, type BucketPolicy, type BucketState } from './token-bucket.ts';
