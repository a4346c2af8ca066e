import { SemanticConventions as SC } from '@arizeai/openinference-semantic-conventions';
import { describe, expect, it } from 'vitest';
import type { ModelCall, ToolCall } from '../core/ai-calls.ts';
import { callSpanId, modelCallSpan, toolCallSpan } from './ai-spans.ts';
import { runInfoOf } from './run-info.ts';
import { RunSpans } from './run-spans.ts';
import { traceIdOf } from './trace-ids.ts';

const run = runInfoOf({ id: 'r1', workflowName: 'fix', workflowFile: 'fix.yml', trigger: { event: 'issues', payload: { issue: { number: 9 } }, inputs: {} }, status: 'running', createdAt: 0, jobs: [] });

const place = { runId: 'r1', stepKey: 'fix/0', attempt: 1, startedAt: 10, completedAt: 20 };
const model: ModelCall = {
  ...place, callId: 'c1', provider: 'anthropic', model: 'claude-x',
  input: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'fix the test' }],
  output: [{ role: 'assistant', content: '', toolCalls: [{ id: 't1', name: 'run_command', arguments: '{"cmd":"npm test"}' }] }],
  usage: { prompt: 100, completion: 20, cacheRead: 50, cacheWrite: 5, reasoning: 3 },
  cost: { prompt: 0.0003, completion: 0.0003, total: 0.0006, priceTable: '2026-11' }, parameters: '{"temperature":0}',
};

describe('model call spans', () => {
  it('are LLM spans under the step attempt, with model, provider, tokens and cost', () => {
    const s = modelCallSpan(model, run);
    expect(s).toMatchObject({ name: 'anthropic claude-x', traceId: traceIdOf('r1'), parentSpanId: RunSpans.stepSpanId('r1', 'fix/0', 1), spanId: callSpanId('r1', 'fix/0', 1, 'c1'), status: { code: 'ok' } });
    expect(s.attributes).toMatchObject({
      [SC.OPENINFERENCE_SPAN_KIND]: 'LLM', [SC.LLM_MODEL_NAME]: 'claude-x', [SC.LLM_PROVIDER]: 'anthropic',
      [SC.LLM_TOKEN_COUNT_PROMPT]: 100, [SC.LLM_TOKEN_COUNT_COMPLETION]: 20, [SC.LLM_TOKEN_COUNT_TOTAL]: 120,
      [SC.LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ]: 50, [SC.LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_WRITE]: 5, [SC.LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING]: 3,
      [SC.LLM_COST_PROMPT]: 0.0003, [SC.LLM_COST_COMPLETION]: 0.0003, [SC.LLM_COST_TOTAL]: 0.0006, [SC.LLM_INVOCATION_PARAMETERS]: '{"temperature":0}',
      [SC.SESSION_ID]: 'issue:9', 'autodevops.price_table': '2026-11', 'autodevops.call.id': 'c1',
    });
  });

  it('flatten input and output messages and tool calls as OpenInference does', () => {
    const a = modelCallSpan(model, run).attributes;
    expect(a['llm.input_messages.0.message.role']).toBe('system');
    expect(a['llm.input_messages.1.message.content']).toBe('fix the test');
    expect(a['llm.output_messages.0.message.tool_calls.0.tool_call.function.name']).toBe('run_command');
    expect(a['llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments']).toBe('{"cmd":"npm test"}');
    expect(a['llm.output_messages.0.message.tool_calls.0.tool_call.id']).toBe('t1');
  });

  it('take the given total, leave cost out when the model has no price, and fail with the error', () => {
    const s = modelCallSpan({ ...model, usage: { prompt: 1, completion: 1, total: 5 }, cost: undefined, error: 'rate limited', input: [{ role: 'tool', content: 'ok', toolCallId: 't1' }] }, run);
    expect(s.attributes[SC.LLM_TOKEN_COUNT_TOTAL]).toBe(5);
    expect(s.attributes[SC.LLM_COST_TOTAL]).toBeUndefined();
    expect(s.attributes['llm.input_messages.0.message.tool_call_id']).toBe('t1');
    expect(s.status).toEqual({ code: 'error', message: 'rate limited' });
  });
});

describe('tool call spans', () => {
  it('are TOOL spans named by the tool, nested under the call that made them', () => {
    const tool: ToolCall = { ...place, callId: 'c2', parentCallId: 'c1', name: 'run_command', description: 'runs a command', input: '{"cmd":"npm test"}', output: 'ok' };
    const s = toolCallSpan(tool, run);
    expect(s).toMatchObject({ name: 'run_command', parentSpanId: callSpanId('r1', 'fix/0', 1, 'c1') });
    expect(s.attributes).toMatchObject({ [SC.OPENINFERENCE_SPAN_KIND]: 'TOOL', [SC.TOOL_NAME]: 'run_command', [SC.TOOL_DESCRIPTION]: 'runs a command', [SC.INPUT_VALUE]: '{"cmd":"npm test"}', [SC.OUTPUT_VALUE]: 'ok' });
    expect(toolCallSpan({ ...tool, output: undefined, description: undefined }, run).attributes[SC.OUTPUT_VALUE]).toBeUndefined();
  });

  it('join the trace of the run they were made in, without a session when the trigger names none', () => {
    const called = { ...run, traceId: traceIdOf('caller'), trigger: { event: 'push', payload: {}, inputs: {} } };
    const s = toolCallSpan({ ...place, callId: 'c3', name: 'glob', input: '{}' }, called);
    expect(s.traceId).toBe(traceIdOf('caller'));
    expect(s.attributes[SC.SESSION_ID]).toBeUndefined();
  });
});
