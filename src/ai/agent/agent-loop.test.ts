/**
 * The agent loop against a scripted OpenAI-compatible server over HTTP (real SDK client, real SSE):
 * tools executed by the loop, structured `finish`, invalid arguments fed back, budgets, loop
 * detection, masking of everything sent, and replay of recorded turns without new model calls.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AiAnnouncement } from '../../core/ai-calls.ts';
import { startOpenAiServer } from '../../../test/support/model-servers/openai-server.ts';
import type { ModelServer, Script } from '../../../test/support/model-servers/script.ts';
import { runAgent, type AgentHost, type AgentOptions, type BoundTool } from './agent-loop.ts';

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const secret = 's3cr3t-value-123';

function host(records = new Map<string, unknown>()): AgentHost & { announced: AiAnnouncement[]; logs: string[]; records: Map<string, unknown> } {
  const announced: AiAnnouncement[] = [];
  const logs: string[] = [];
  return {
    runId: 'run-1', stepKey: 'code/0', attempt: 1, announced, logs, records,
    async record(name, compute) {
      if (records.has(name)) return records.get(name) as never;
      const value = await compute();
      records.set(name, JSON.parse(JSON.stringify(value ?? null)));
      return value;
    },
    announce: (e) => void announced.push(e),
    mask: (text) => text.replaceAll(secret, '***'),
    log: (text) => void logs.push(text),
    now: () => Date.now(),
  };
}

const files = new Map<string, string>([['a.txt', `hello\nkey=${secret}\n`]]);
const readTool: BoundTool = {
  name: 'read_file', description: 'Read a file', input: z.object({ path: z.string() }), mutates: false,
  execute: async (input) => files.get((input as { path: string }).path) ?? 'Error: no such file',
};

async function agent(script: Script, overrides: Partial<AgentOptions<{ summary: string }>> = {}, h = host()) {
  server = await startOpenAiServer(script);
  const provider = createOpenAICompatible({ name: 'scripted', baseURL: server.url, apiKey: 'k', includeUsage: true });
  const outcome = await runAgent({
    session: 's', model: provider('m'), provider: 'scripted', modelName: 'm', system: 'You are a test agent.', task: `Do it. Token ${secret}`,
    tools: [readTool], finish: { description: 'Finish', input: z.object({ summary: z.string() }) }, limits: { maxTurns: 10 },
    retry: (call) => call(), price: (u) => ({ prompt: u.prompt * 1e-6, completion: u.completion * 2e-6, total: u.prompt * 1e-6 + u.completion * 2e-6, priceTable: 't' }),
    host: h, ...overrides,
  });
  return { outcome, h, requests: server.requests };
}

describe('runAgent', () => {
  it('executes tools, feeds masked results back, and ends with the validated finish answer', async () => {
    const { outcome, h, requests } = await agent([
      { text: 'Reading.', toolCalls: [{ name: 'read_file', arguments: { path: 'a.txt' } }], usage: { prompt: 100, completion: 10 } },
      { toolCalls: [{ name: 'finish', arguments: { summary: 'done' } }], usage: { prompt: 150, completion: 5 } },
    ]);
    expect(outcome).toMatchObject({ kind: 'finished', result: { summary: 'done' }, spent: { turns: 2, promptTokens: 250, completionTokens: 15 } });
    expect(requests).toHaveLength(2);
    const wire = JSON.stringify(requests.map((r) => r.body));
    expect(wire).not.toContain(secret);
    expect(wire).toContain('key=***');
    expect(h.announced.filter((a) => a.kind === 'model-call')).toHaveLength(2);
    const toolCall = h.announced.find((a) => a.kind === 'tool-call');
    expect(toolCall?.kind === 'tool-call' && toolCall.call.output).toContain('key=***');
    expect(h.logs.join('')).toContain('Reading.');
  });

  it('returns invalid arguments and unknown tools to the model, then gives up after a bounded number of bad turns', async () => {
    const { outcome, requests } = await agent([
      { toolCalls: [{ name: 'read_file', arguments: { file: 'a.txt' } }] },
      { toolCalls: [{ name: 'nope', arguments: {} }] },
      { toolCalls: [{ name: 'finish', arguments: { wrong: 1 } }] },
      { toolCalls: [{ name: 'finish', arguments: { summary: 'ok' } }] },
    ]);
    expect(outcome.kind).toBe('finished');
    const toolMessages = requests.slice(1).map((r) => JSON.stringify(r.body.messages.at(-1)));
    expect(toolMessages[0]).toMatch(/path/);
    expect(toolMessages[1]).toMatch(/nope|tool/);
    expect(toolMessages[2]).toMatch(/summary/);
    const stubborn = await agent(() => ({ text: 'I will not use tools.' }), { maxInvalidTurns: 2 });
    expect(stubborn.outcome).toMatchObject({ kind: 'invalid-output' });
    expect(stubborn.requests).toHaveLength(3);
  });

  it('stops at the turn and money budgets with the reason', async () => {
    const reading = () => ({ toolCalls: [{ name: 'read_file', arguments: { path: `f${Math.random()}` } }], usage: { prompt: 1000, completion: 100 } });
    const turns = await agent(reading, { limits: { maxTurns: 3 } });
    expect(turns.outcome).toMatchObject({ kind: 'budget', reason: expect.stringContaining('3 of 3 turns') });
    await server?.close();
    const money = await agent(reading, { limits: { maxCostUsd: 0.0025 } });
    expect(money.outcome).toMatchObject({ kind: 'budget', reason: expect.stringContaining('money') });
    expect(money.requests).toHaveLength(3);
  });

  it('detects the same call repeated: warns the model first, then stops with a loop outcome', async () => {
    const { outcome, requests } = await agent(() => ({ toolCalls: [{ name: 'read_file', arguments: { path: 'a.txt' } }] }));
    expect(outcome).toMatchObject({ kind: 'loop', reason: expect.stringContaining('5 times') });
    expect(JSON.stringify(requests.at(-1)!.body.messages.at(-1))).toContain('exact read_file call');
  });

  it('replays recorded turns after a crash: no model call is repeated', async () => {
    const records = new Map<string, unknown>();
    const script: Script = [
      { toolCalls: [{ name: 'read_file', arguments: { path: 'a.txt' } }] },
      { toolCalls: [{ name: 'finish', arguments: { summary: 'first' } }] },
    ];
    await agent(script, {}, host(records));
    // A "crash" after the first turn: only what the first turn recorded survives.
    for (const key of [...records.keys()]) if (key.endsWith('turn-2') || key.endsWith('tools-2')) records.delete(key);
    await server?.close();
    const resumed = await agent([{ toolCalls: [{ name: 'finish', arguments: { summary: 'resumed' } }] }], {}, host(records));
    expect(resumed.outcome).toMatchObject({ kind: 'finished', result: { summary: 'resumed' }, spent: { turns: 2 } });
    expect(resumed.requests).toHaveLength(1);
    expect(resumed.requests[0]!.body.messages.some((m: { role: string }) => m.role === 'tool')).toBe(true);
  });
});
