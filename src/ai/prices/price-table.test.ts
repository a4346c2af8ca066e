import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAutodevopsError, type AutodevopsError } from '../../core/errors.ts';
import { providerFacts } from '../providers/provider-facts.ts';
import { costOf, findPrice, loadPriceTable, type PriceTable } from './price-table.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ado-prices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const target = path.join(dir, name);
  writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
  return target;
}

function loadError(overridePath: string): AutodevopsError {
  try {
    loadPriceTable(overridePath);
  } catch (e) {
    if (isAutodevopsError(e)) return e;
    throw e;
  }
  throw new Error('expected loadPriceTable to fail');
}

const table = loadPriceTable();

describe('the shipped table', () => {
  it('is valid, versioned, and prices every default model', () => {
    expect(table).toMatchObject({ version: '2026-11', currency: 'USD', unit: 'per-million-tokens' });
    for (const [provider, facts] of Object.entries(providerFacts)) {
      if (facts.defaultModel) expect(findPrice(table, provider, facts.defaultModel), `${provider}/${facts.defaultModel}`).toBeDefined();
    }
  });

  it('covers the current OpenAI, Anthropic and Google families', () => {
    for (const key of ['openai/gpt-4o', 'openai/gpt-4o-mini', 'openai/gpt-4.1', 'openai/gpt-4.1-mini', 'openai/gpt-4.1-nano', 'openai/o3', 'openai/o4-mini',
      'anthropic/claude-sonnet-4-5', 'anthropic/claude-opus-4-1', 'anthropic/claude-haiku-4-5', 'google/gemini-2.5-pro', 'google/gemini-2.5-flash']) {
      expect(table.models[key], key).toBeDefined();
    }
  });
});

describe('costOf', () => {
  it('prices prompt and completion per million tokens, naming the table', () => {
    expect(costOf(table, 'openai', 'gpt-4o', { prompt: 1_000_000, completion: 100_000 })).toEqual({ prompt: 2.5, completion: 1, total: 3.5, priceTable: '2026-11' });
  });

  it('charges cache reads and writes at their own prices, as parts of the prompt', () => {
    const cost = costOf(table, 'anthropic', 'claude-sonnet-4-5', { prompt: 1_000_000, completion: 0, cacheRead: 600_000, cacheWrite: 200_000 })!;
    // 200k uncached × 3 + 600k × 0.30 + 200k × 3.75, per million
    expect(cost.prompt).toBeCloseTo(0.6 + 0.18 + 0.75, 10);
    const noCachePrice = costOf(table, 'openai', 'gpt-4-turbo', { prompt: 1_000_000, completion: 0, cacheRead: 1_000_000 })!;
    expect(noCachePrice.prompt).toBeCloseTo(10, 10);
  });

  it('is undefined for a model the table does not know', () => {
    expect(costOf(table, 'openai', 'gpt-99', { prompt: 10, completion: 10 })).toBeUndefined();
    expect(costOf(table, 'api.together.xyz', 'meta-llama/Llama-3-70b', { prompt: 10, completion: 10 })).toBeUndefined();
  });

  it('local models cost nothing', () => {
    expect(costOf(table, 'ollama', 'llama3.1:8b', { prompt: 5000, completion: 500 })).toEqual({ prompt: 0, completion: 0, total: 0, priceTable: '2026-11' });
    expect(costOf(table, 'local', 'Qwen/Qwen2.5-Coder-32B', { prompt: 5000, completion: 500 })?.total).toBe(0);
  });
});

describe('findPrice lookup order', () => {
  const models: PriceTable['models'] = {
    'openai/gpt-4o': { input: 1, output: 1 },
    'openai/gpt-4o-mini': { input: 2, output: 2 },
    'anthropic/claude-sonnet-4-5': { input: 3, output: 3 },
    'gateway/gpt-4o': { input: 4, output: 4 },
    'gateway/*': { input: 5, output: 5 },
  };
  const t: PriceTable = { version: 't', currency: 'USD', unit: 'per-million-tokens', models };

  it('exact key first', () => {
    expect(findPrice(t, 'gateway', 'gpt-4o')).toBe(models['gateway/gpt-4o']);
  });

  it('then the model as a key, for gateway names like openai/gpt-4o', () => {
    expect(findPrice(t, 'openrouter', 'openai/gpt-4o-mini')).toBe(models['openai/gpt-4o-mini']);
  });

  it('then the longest same-provider prefix ending at a separator (dated snapshots, tags)', () => {
    expect(findPrice(t, 'openai', 'gpt-4o-mini-2024-07-18')).toBe(models['openai/gpt-4o-mini']);
    expect(findPrice(t, 'openai', 'gpt-4o-2024-11-20')).toBe(models['openai/gpt-4o']);
    expect(findPrice(t, 'anthropic', 'claude-sonnet-4-5-20250929')).toBe(models['anthropic/claude-sonnet-4-5']);
    expect(findPrice(t, 'anthropic', 'claude-sonnet-4-5@20250929')).toBe(models['anthropic/claude-sonnet-4-5']);
    expect(findPrice(t, 'openai', 'gpt-4oops')).toBeUndefined();
  });

  it('then the provider wildcard, before names under other providers', () => {
    expect(findPrice(t, 'gateway', 'claude-sonnet-4-5')).toBe(models['gateway/*']);
  });

  it('then the same model name under any provider, then any-provider prefix', () => {
    expect(findPrice(t, 'azure', 'claude-sonnet-4-5')).toBe(models['anthropic/claude-sonnet-4-5']);
    expect(findPrice(t, 'azure', 'gpt-4o-mini-2024-07-18')).toBe(models['openai/gpt-4o-mini']);
  });

  it('in the shipped table, dated ids resolve to their family and newer point releases do not', () => {
    expect(findPrice(table, 'anthropic', 'claude-sonnet-4-20250514')).toEqual({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
    expect(findPrice(table, 'anthropic', 'claude-haiku-4-5-20251001')).toEqual(table.models['anthropic/claude-haiku-4-5']);
    expect(findPrice(table, 'openai', 'o3-pro-2025-06-10')).toEqual(table.models['openai/o3-pro']);
    expect(findPrice(table, 'openai', 'gpt-5.4')).toBeUndefined();
  });
});

describe('loadPriceTable with an override', () => {
  it('merges the override over the shipped table and records both versions', () => {
    const override = file('team.json', {
      version: 'team-2026-12', currency: 'USD', unit: 'per-million-tokens',
      models: { 'openai/gpt-4o': { input: 2, output: 8 }, '10.0.0.5/*': { input: 0, output: 0 } },
    });
    const merged = loadPriceTable(override);
    expect(merged.version).toBe('2026-11+team-2026-12');
    expect(merged.models['openai/gpt-4o']).toEqual({ input: 2, output: 8 });
    expect(merged.models['anthropic/claude-sonnet-4-5']).toEqual(table.models['anthropic/claude-sonnet-4-5']);
    expect(costOf(merged, '10.0.0.5', 'llama3.1', { prompt: 1, completion: 1 })?.priceTable).toBe('2026-11+team-2026-12');
  });

  it('an invalid override is ADO_CONFIG_INVALID naming the file and the field', () => {
    const bad = file('bad.json', { version: 'x', currency: 'USD', unit: 'per-million-tokens', models: { 'openai/gpt-4o': { input: -1, output: 1 } } });
    const error = loadError(bad);
    expect(error.code).toBe('ADO_CONFIG_INVALID');
    expect(error.message).toMatch(new RegExp(`^${bad.replaceAll('\\', '\\\\')}: models\\.openai/gpt-4o\\.input: `));
    expect(loadError(file('eur.json', { version: 'x', currency: 'EUR', unit: 'per-million-tokens', models: {} })).message).toContain('eur.json: currency: ');
    expect(loadError(file('key.json', { version: 'x', currency: 'USD', unit: 'per-million-tokens', models: { 'gpt-4o': { input: 1, output: 1 } } })).message).toContain('expected a key like openai/gpt-4o or ollama/*');
    expect(loadError(file('extra.json', { version: 'x', currency: 'USD', unit: 'per-million-tokens', models: { 'a/b': { input: 1, output: 1, cached: 1 } } })).message).toContain('models.a/b: ');
  });

  it('an unreadable or non-JSON override says which', () => {
    expect(loadError(path.join(dir, 'missing.json')).message).toMatch(/missing\.json: \(file\): cannot be read \(ENOENT/);
    expect(loadError(file('broken.json', '{ "version": ')).message).toMatch(/broken\.json: \(file\): is not valid JSON/);
  });
});
