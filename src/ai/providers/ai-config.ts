/**
 * The `ai:` section of autodevops.yml. Keys are kebab-case like the rest of the file. The API key
 * itself never lives in the file: `api-key-env` names the environment variable that holds it, so
 * the file can be committed.
 *
 * @example
 * ai:
 *   provider: anthropic
 *   model: claude-sonnet-4-5
 *   api-key-env: ANTHROPIC_API_KEY
 *   max-retries: 3
 *   timeout-seconds: 300
 *   prices: ./prices.json
 */
import { z } from 'zod';
import { AutodevopsError } from '../../core/errors.ts';
import { aiProviders } from './provider-facts.ts';

/** Capitals, digits and underscores: a variable NAME. Keys have lower-case letters or dashes, so a pasted key fails. */
const variableName = /^[A-Z_][A-Z0-9_]*$/;

/** The schema of the `ai:` section; unknown keys are errors, never silently ignored. */
export const aiConfigSchema = z.strictObject({
  /** Which provider; inferred from the environment's API keys when omitted. */
  provider: z.enum(aiProviders, { error: `expected one of ${aiProviders.join(', ')}` }).optional(),
  /** The provider's model id; each hosted provider has a documented default. */
  model: z.string().trim().min(1).optional(),
  /** Another endpoint for the provider (a proxy, a gateway, a local OpenAI-compatible server). */
  'base-url': z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
  /** The NAME of the environment variable holding the API key, never the key itself. */
  'api-key-env': z.string().regex(variableName, 'expected the NAME of an environment variable in capitals (e.g. OPENAI_API_KEY), never the key itself').optional(),
  /** Retries of a failed model call (rate limit, server error, timeout) after the first attempt. */
  'max-retries': z.int().min(0).max(10).optional(),
  /** Wall-clock limit of one model call. */
  'timeout-seconds': z.number().positive().max(3600).optional(),
  /** Path of a price table (same format as src/ai/prices/prices-*.json) merged over the shipped one. */
  prices: z.string().min(1).optional(),
  /** Extra HTTP headers for every model request (for gateways); values are sent as written. */
  headers: z.record(z.string(), z.string()).optional(),
});

/** The validated `ai:` section. */
export type AiConfig = z.infer<typeof aiConfigSchema>;

/** Validates the `ai:` section read from `file`; an invalid one is ADO_CONFIG_INVALID naming the field. */
export function parseAiConfig(value: unknown, file: string): AiConfig {
  const result = aiConfigSchema.safeParse(value ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${['ai', ...issue.path.map(String)].join('.')}: ${issue.message}`);
  throw new AutodevopsError('ADO_CONFIG_INVALID', `${file}: ${problems.join('; ')}`);
}
