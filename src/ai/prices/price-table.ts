/**
 * Model prices, versioned: the shipped table (prices-<yyyy-mm>.json) optionally overridden by a
 * user's file in the same format (`ai.prices` in autodevops.yml). Every cost names the table that
 * priced it, so an old run's cost stays explainable after prices change.
 *
 * The JSON is imported with an import attribute: vitest and esbuild (scripts/build.mjs) both inline
 * it, so the bundle needs no file next to it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AutodevopsError } from '../../core/errors.ts';
import shipped from './prices-2026-11.json' with { type: 'json' };

const price = z.number().nonnegative().finite();

const modelPriceSchema = z.strictObject({ input: price, output: price, cacheRead: price.optional(), cacheWrite: price.optional() });

/** The file format: `models` keys are `<provider>/<model>`, or `<provider>/*` for every model of a provider. */
export const priceTableSchema = z.strictObject({
  version: z.string().min(1),
  currency: z.literal('USD'),
  unit: z.literal('per-million-tokens'),
  notes: z.string().optional(),
  models: z.record(z.string(), modelPriceSchema).superRefine((models, ctx) => {
    for (const key of Object.keys(models)) {
      if (!/^[^/\s]+\/\S+$/.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'expected a key like openai/gpt-4o or ollama/*' });
    }
  }),
});

/** A validated price table. */
export type PriceTable = z.infer<typeof priceTableSchema>;

/** USD per million tokens of one model. */
export type ModelPrice = z.infer<typeof modelPriceSchema>;

/** Token counts of one call; `cacheRead` and `cacheWrite` are parts of `prompt`, as the AI SDK reports them. */
export interface TokenUsage {
  prompt: number;
  completion: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/** The cost of one call in USD, with the version of the table that priced it. */
export interface Cost {
  prompt: number;
  completion: number;
  total: number;
  priceTable: string;
}

/**
 * The shipped table, with `overridePath`'s entries merged over it (its version is appended:
 * `2026-11+team-2026-12`). An unreadable or invalid override is ADO_CONFIG_INVALID naming the file and field.
 */
export function loadPriceTable(overridePath?: string): PriceTable {
  const base = priceTableSchema.parse(shipped);
  if (overridePath === undefined) return base;
  const override = readOverride(overridePath);
  return { ...base, version: `${base.version}+${override.version}`, models: { ...base.models, ...override.models } };
}

function readOverride(file: string): PriceTable {
  const invalid = (problems: string): AutodevopsError =>
    new AutodevopsError('ADO_CONFIG_INVALID', `${file}: ${problems}`, { hint: 'Fix the price table (same format as src/ai/prices/prices-2026-11.json), or remove ai.prices from autodevops.yml.' });
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === undefined ? 'is not valid JSON' : 'cannot be read';
    throw invalid(`(file): ${why} (${(e as Error).message})`);
  }
  const result = priceTableSchema.safeParse(raw);
  if (result.success) return result.data;
  throw invalid(result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; '));
}

/**
 * The cost of a call, or undefined when the table has no price for the model. Lookup order: the
 * exact key `<provider>/<model>`; the model as a key (gateway names like `openai/gpt-4o`); the
 * longest same-provider prefix ending at `-`, `:` or `@` (dated snapshots such as
 * `claude-sonnet-4-5-20250929`, tags such as `llama3.1:8b`); `<provider>/*`; then the same model
 * name, and the longest prefix, under any provider.
 */
export function costOf(table: PriceTable, provider: string, model: string, usage: TokenUsage): Cost | undefined {
  const entry = findPrice(table, provider, model);
  if (!entry) return undefined;
  const cacheRead = usage.cacheRead ?? 0;
  const cacheWrite = usage.cacheWrite ?? 0;
  const uncached = Math.max(0, usage.prompt - cacheRead - cacheWrite);
  const prompt = (uncached * entry.input + cacheRead * (entry.cacheRead ?? entry.input) + cacheWrite * (entry.cacheWrite ?? entry.input)) / 1e6;
  const completion = (usage.completion * entry.output) / 1e6;
  return { prompt, completion, total: prompt + completion, priceTable: table.version };
}

/** The price entry for a model, by the lookup order of costOf. */
export function findPrice(table: PriceTable, provider: string, model: string): ModelPrice | undefined {
  const models = table.models;
  const keys = Object.keys(models).filter((key) => !key.endsWith('/*'));
  const own = keys.filter((key) => providerOf(key) === provider);
  const sameName = keys.find((key) => modelOf(key) === model);
  const key = [
    `${provider}/${model}`,
    model,
    longestPrefix(own, model),
    `${provider}/*`,
    sameName,
    longestPrefix(keys, model),
  ].find((k) => k !== undefined && Object.hasOwn(models, k));
  return key === undefined ? undefined : models[key];
}

function providerOf(key: string): string {
  return key.slice(0, key.indexOf('/'));
}

function modelOf(key: string): string {
  return key.slice(key.indexOf('/') + 1);
}

/** The key whose model part is the longest prefix of `model` ending at a separator. */
function longestPrefix(keys: string[], model: string): string | undefined {
  let best: string | undefined;
  for (const key of keys) {
    const name = modelOf(key);
    const fits = model.length > name.length && model.startsWith(name) && '-:@'.includes(model[name.length]!);
    if (fits && (best === undefined || name.length > modelOf(best).length)) best = key;
  }
  return best;
}
