/**
 * The real runtime as the steps meet it: no provider → ADO_AI_NOT_CONFIGURED before anything
 * happens; no sandbox without consent → ADO_SANDBOX_UNAVAILABLE; the run budget and the price table
 * tighten a step's limits; the API key is masked; only declared variables reach the sandbox;
 * transient provider errors are retried and said in the log.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestStepContext } from '../../steps/run/testing/step-context.ts';
import { startOpenAiServer } from '../../../test/support/model-servers/openai-server.ts';
import { codeStep } from './code-step.ts';
import { fixStep } from './fix-step.ts';
import { aiSteps } from './index.ts';
import { createAiRuntime } from './runtime.ts';
import { parseAiSection } from './runtime-config.ts';
import { cleanupFixtures, git, modelFixture, runStep, tempRepo, writeFiles } from './testing/ai-fixture.ts';
import { call, lastToolResult, turns } from './testing/model-script.ts';

afterEach(cleanupFixtures);

const reading = () => call('read_file', { path: 'a.txt' });
const check = 'grep -qx ok a.txt || exit 1';

describe('createAiRuntime', () => {
  it('fails an AI step with ADO_AI_NOT_CONFIGURED, saying what to set, before any request or branch', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    writeFiles(repo, { 'a.txt': 'b\n' });
    git(repo, 'commit', '-q', '-am', 'b');
    const server = await startOpenAiServer([]);
    const steps = aiSteps(async () => createAiRuntime({ env: { AUTODEVOPS_AI_BASE_URL: server.url } }));
    for (const step of Object.values(steps)) {
      await expect(runStep(createTestStepContext, step, repo, { with: { instruction: 'Do it', command: 'false' } }))
        .rejects.toMatchObject({ code: 'ADO_AI_NOT_CONFIGURED', message: expect.stringContaining('Set one of these environment variables') });
    }
    expect(server.requests).toHaveLength(0);
    expect(git(repo, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/')).toBe('main');
    await server.close();
  });

  it('refuses to run commands without a sandbox unless unsandboxed execution is allowed', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const refused = await modelFixture(turns(reading()), { config: { sandbox: 'none' } });
    await expect(runStep(createTestStepContext, fixStep(refused.runtime), repo, { with: { command: check } }))
      .rejects.toMatchObject({ code: 'ADO_SANDBOX_UNAVAILABLE', message: expect.stringMatching(/unsandboxed execution was not allowed.*must be allowed explicitly/) });
    expect(refused.server.requests).toHaveLength(0);
    const allowed = await modelFixture(turns(reading()), { config: { sandbox: 'none', 'allow-unsandboxed': true } });
    const { result } = await runStep(createTestStepContext, fixStep(allowed.runtime), repo, { with: { command: 'echo "$HOME" | grep -q . && true' } });
    expect(result).toMatchObject({ outcome: 'success', outputs: { passed: 'true' } });
  });

  it('tightens the step budget by what the run budget has left (ctx.runUsage)', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const { runtime } = await modelFixture(reading, { config: { 'run-budget': { 'max-turns': 3, 'max-minutes': 1 }, budget: { 'max-turns': 10 } } });
    expect(runtime.runLimits).toEqual({ maxTurns: 3, maxMs: 60_000 });
    const { result } = await runStep(createTestStepContext, fixStep(runtime), repo, { with: { command: check, 'max-turns': 5 }, runUsage: { calls: 2 } });
    expect(result.error).toContain('fix: the turn budget is spent (1 of 1 turns)');
    const spent = await runStep(createTestStepContext, fixStep(runtime), repo, { with: { command: check }, runUsage: { calls: 7 } });
    expect(spent.result.error).toContain('(0 of 0 turns)');
    // The run started two minutes ago: its one-minute time budget leaves nothing for this step.
    const late = await runStep(createTestStepContext, fixStep(runtime), repo, { with: { command: check }, runStartedAt: Date.now() - 120_000 });
    expect(late.result.error).toMatch(/the time budget is spent \(0 s of 0 s\)/);
  });

  it('prices calls from the configured price table, so money budgets of the step and the run apply', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const dir = mkdtempSync(join(tmpdir(), 'ado-prices-'));
    writeFileSync(join(dir, 'prices.json'), JSON.stringify({ version: 'team-1', currency: 'USD', unit: 'per-million-tokens', models: { 'local/x': { input: 1000, output: 1000 } } }));
    const { server } = await modelFixture(reading);
    const runtime = createAiRuntime({
      env: { AUTODEVOPS_AI_PROVIDER: 'openai-compatible', AUTODEVOPS_AI_BASE_URL: server.url, AUTODEVOPS_AI_MODEL: 'x' },
      config: { prices: 'prices.json', 'run-budget': { 'max-cost-usd': 2 } }, configDir: dir,
    });
    const run = await runStep(createTestStepContext, fixStep(runtime), repo, { with: { command: check }, runUsage: { calls: 1, costUsd: 1.5 } });
    expect(run.result.error).toBe('fix: the money budget is spent ($0.9400 of $0.50) (1 turns, 940 tokens, $0.9400)');
    expect(run.ctx.announced.find((a) => a.kind === 'model-call')?.call).toMatchObject({ provider: 'local', model: 'x', cost: { total: expect.closeTo(0.94), priceTable: '2026-11+team-1' } });
    const step = await runStep(createTestStepContext, fixStep(runtime), repo, { with: { command: check, 'max-cost-usd': 1.5 } });
    expect(step.result.error).toContain('($1.8800 of $1.50)');
  });

  it('counts calls of a model without a price as of unknown cost, and stops at the time budget', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    // Each answer takes 150 ms, so the first turn starts within the 60 ms budget and ends after it.
    const { runtime } = await modelFixture(() => new Promise((resolve) => setTimeout(() => resolve(reading()), 150)), { protocol: 'anthropic', apiKey: 'sk-ant-1' });
    // The SDK warns on the console about a model name it does not know; that is expected here.
    const sdk = globalThis as { AI_SDK_LOG_WARNINGS?: boolean };
    sdk.AI_SDK_LOG_WARNINGS = false;
    const { result, ctx } = await runStep(createTestStepContext, fixStep(runtime), repo, { with: { command: check, model: 'mystery-1', 'max-minutes': 0.001 } }).finally(() => delete sdk.AI_SDK_LOG_WARNINGS);
    expect(result.error).toMatch(/^fix: the time budget is spent \(0 s of 0 s\) \(1 turns, 940 tokens, cost unknown\)$/);
    expect(ctx.announced.find((a) => a.kind === 'model-call')?.call).toMatchObject({ provider: 'anthropic', model: 'mystery-1' });
    expect(ctx.announced.find((a) => a.kind === 'model-call')?.call.cost).toBeUndefined();
  });

  it('validates the ai: section, naming the field', () => {
    expect(parseAiSection(undefined, 'autodevops.yml')).toEqual({});
    expect(() => parseAiSection({ sandbox: 'docker', budget: { 'max-turns': 0 } }, 'autodevops.yml')).toThrow(expect.objectContaining({
      code: 'ADO_CONFIG_INVALID', message: expect.stringMatching(/^autodevops\.yml: ai\.sandbox: .*; ai\.budget\.max-turns: /),
    }));
  });

  it('masks the API key, and passes only the declared variables into the sandbox', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const { runtime, server } = await modelFixture(turns(call('run_command', { command: 'echo "$GREETING-${ABSENT:-unset}-${PATH_EXTRA:-none}"' }), call('finish', { diagnosis: 'checked' })), {
      apiKey: 'sk-test-key-123', config: { 'sandbox-env': ['GREETING', 'ABSENT'], 'command-timeout-seconds': 30 },
    });
    const { ctx } = await runStep(createTestStepContext, fixStep(runtime), repo, { with: { command: check, 'max-attempts': 1 }, env: { GREETING: 'hello', PATH_EXTRA: 'x' } });
    expect(ctx.masks).toContain('sk-test-key-123');
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-test-key-123');
    expect(lastToolResult(server.requests[1]!)).toMatch(/stdout:\nhello-unset-none/);
  });

  it('retries a rate-limited model call as the provider asks, and says so in the log', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const { runtime, server } = await modelFixture([{ status: 429, headers: { 'retry-after': '0' } }, call('finish', { status: 'done', summary: 'ok', question: null })]);
    const printed = vi.spyOn(console, 'error');
    const { result, ctx } = await runStep(createTestStepContext, codeStep(runtime), repo, { with: { instruction: 'Nothing' } });
    // The failure goes to the step log only, not (request and all) to the process's stderr.
    expect(printed).not.toHaveBeenCalled();
    printed.mockRestore();
    expect(result.outcome).toBe('success');
    expect(server.requests).toHaveLength(2);
    expect(ctx.text('system')).toMatch(/model call failed \(.*429.*\); retrying in 0 s/);
  });
});
