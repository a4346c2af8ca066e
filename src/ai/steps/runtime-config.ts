/**
 * The `ai:` section of autodevops.yml as the AI steps read it: the provider settings (see
 * providers/ai-config.ts) plus the sandbox and the default budgets.
 *
 * @example
 * ai:
 *   provider: openai-compatible
 *   base-url: http://localhost:11434/v1
 *   model: qwen2.5-coder:14b
 *   sandbox: auto            # bubblewrap; `none` runs agent commands unsandboxed (needs allow-unsandboxed: true)
 *   sandbox-env: [GOPATH]    # variables passed into the sandbox (nothing else is)
 *   budget: { max-turns: 40, max-cost-usd: 2, max-minutes: 30 }
 *   run-budget: { max-cost-usd: 10 }
 */
import { z } from 'zod';
import { AutodevopsError } from '../../core/errors.ts';
import { aiConfigSchema } from '../providers/ai-config.ts';
import type { BudgetLimits } from '../agent/budget.ts';

const budgetSchema = z.strictObject({
  'max-turns': z.int().positive().optional(),
  'max-tokens': z.int().positive().optional(),
  'max-cost-usd': z.number().positive().optional(),
  'max-minutes': z.number().positive().optional(),
});

/** The whole `ai:` section. */
export const aiSectionSchema = aiConfigSchema.extend({
  sandbox: z.enum(['auto', 'bubblewrap', 'none']).optional(),
  'allow-unsandboxed': z.boolean().optional(),
  'sandbox-env': z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')).optional(),
  'command-timeout-seconds': z.number().positive().max(86_400).optional(),
  budget: budgetSchema.optional(),
  'run-budget': budgetSchema.optional(),
});

/** The validated `ai:` section. */
export type AiSection = z.infer<typeof aiSectionSchema>;

/** Validates the `ai:` section of `file`; an invalid one is ADO_CONFIG_INVALID naming the field. */
export function parseAiSection(value: unknown, file: string): AiSection {
  const result = aiSectionSchema.safeParse(value ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${['ai', ...issue.path.map(String)].join('.')}: ${issue.message}`);
  throw new AutodevopsError('ADO_CONFIG_INVALID', `${file}: ${problems.join('; ')}`, { hint: 'See docs/ai-steps.md for the `ai:` section.' });
}

/** Budget limits from a `budget:` mapping. */
export function limitsOf(budget: z.infer<typeof budgetSchema> | undefined): BudgetLimits {
  return {
    ...(budget?.['max-turns'] !== undefined && { maxTurns: budget['max-turns'] }),
    ...(budget?.['max-tokens'] !== undefined && { maxTokens: budget['max-tokens'] }),
    ...(budget?.['max-cost-usd'] !== undefined && { maxCostUsd: budget['max-cost-usd'] }),
    ...(budget?.['max-minutes'] !== undefined && { maxMs: budget['max-minutes'] * 60_000 }),
  };
}

/** Step budgets when neither the step nor the file sets them: generous, but never unbounded. */
export const defaultStepLimits: BudgetLimits = { maxTurns: 60, maxTokens: 2_000_000, maxMs: 30 * 60_000 };
