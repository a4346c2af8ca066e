/**
 * Observability on its own: engine-shaped events (history, logs, model and tool calls) in, decoded
 * OTLP spans, Prometheus text, a Pushgateway request and log lines out.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { SemanticConventions as SC } from '@arizeai/openinference-semantic-conventions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../core/events.ts';
import type { RunView } from '../core/views.ts';
import { startOtlpReceiver, type OtlpReceiver } from '../../test/otlp/otlp-receiver.ts';
import { parseExposition } from '../../test/otlp/exposition.ts';
import type { ModelCall } from '../core/ai-calls.ts';
import { startObservability } from './observability.ts';
import { RunSpans } from './run-spans.ts';

const view: RunView = { id: 'r1', workflowName: 'agent', workflowFile: 'agent.yml', trigger: { event: 'issues', payload: { issue: { number: 5 } }, inputs: {} }, status: 'running', createdAt: 0, jobs: [] };
const history = (at: number, e: Record<string, unknown>): { kind: 'history'; runId: string; event: HistoryEvent } => ({ kind: 'history', runId: 'r1', event: { seq: at, at, ...e } as HistoryEvent });
const call: ModelCall = {
  runId: 'r1', stepKey: 'fix/0', attempt: 1, callId: 'c1', startedAt: 3, completedAt: 4, provider: 'openai', model: 'gpt-x',
  input: [{ role: 'user', content: 'hi' }], output: [{ role: 'assistant', content: 'hello' }], usage: { prompt: 10, completion: 2 },
  cost: { prompt: 0.01, completion: 0.02, total: 0.03, priceTable: 'v1' },
};

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
});
afterEach(async () => {
  await receiver.close();
});

function lines(): { destination: Writable; lines: string[] } {
  const out: string[] = [];
  return { lines: out, destination: new Writable({ write: (c: Buffer, _e, done) => (out.push(...c.toString().split('\n').filter(Boolean)), done()) }) };
}

async function runAgent(env: Record<string, string>, log = lines()): Promise<{ metrics: string; lines: string[] }> {
  const obs = await startObservability({ env, describeRun: async () => view, log: { destination: log.destination } });
  obs.listener(history(1, { type: 'run.started' }));
  obs.listener(history(1, { type: 'job.started', jobKey: 'fix', attempt: 1 }));
  obs.listener(history(2, { type: 'step.started', jobKey: 'fix', index: 0, attempt: 1, name: 'agent', repeatSafe: true }));
  obs.listener({ kind: 'model-call', runId: 'r1', call });
  obs.listener({ kind: 'tool-call', runId: 'r1', call: { ...call, callId: 'c2', parentCallId: 'c1', name: 'read_file', input: '{}', output: 'text' } });
  obs.listener(history(5, { type: 'step.completed', jobKey: 'fix', index: 0, attempt: 1, outcome: 'success', conclusion: 'success', outputs: {} }));
  obs.listener(history(6, { type: 'job.completed', jobKey: 'fix', conclusion: 'success', outcome: 'success', outputs: {} }));
  obs.listener(history(7, { type: 'run.completed', conclusion: 'success' }));
  await obs.close();
  return { metrics: await obs.renderMetrics(), lines: log.lines };
}

describe('model and tool calls', () => {
  it('are exported as LLM and TOOL spans under the step that made them', async () => {
    await runAgent({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`, OTEL_EXPORTER_OTLP_HEADERS: 'x-team=ops' });
    const llm = receiver.spans.find((s) => s.attributes[SC.OPENINFERENCE_SPAN_KIND] === 'LLM')!;
    const tool = receiver.spans.find((s) => s.attributes[SC.OPENINFERENCE_SPAN_KIND] === 'TOOL')!;
    expect(llm.parentSpanId).toBe(RunSpans.stepSpanId('r1', 'fix/0', 1));
    expect(llm.attributes).toMatchObject({ [SC.LLM_MODEL_NAME]: 'gpt-x', [SC.LLM_PROVIDER]: 'openai', [SC.LLM_TOKEN_COUNT_TOTAL]: 12, [SC.LLM_COST_TOTAL]: 0.03 });
    expect(tool).toMatchObject({ name: 'read_file', parentSpanId: llm.spanId });
    expect(receiver.spans.find((s) => s.name === 'agent' && s.attributes[SC.OPENINFERENCE_SPAN_KIND] === 'CHAIN')?.spanId).toBe(llm.parentSpanId);
    expect(receiver.spans.find((s) => s.name === 'agent' && s.parentSpanId === '')?.attributes[SC.SESSION_ID]).toBe('issue:5');
    expect(receiver.headers[0]?.['x-team']).toBe('ops');
  });

  it('count tokens and cost by provider, model and workflow, and are logged without their messages', async () => {
    const { metrics, lines: logged } = await runAgent({});
    const samples = parseExposition(metrics);
    const tokens = samples.filter((s) => s.name === 'autodevops_model_tokens_total');
    expect(tokens).toEqual([
      { name: 'autodevops_model_tokens_total', labels: { provider: 'openai', model: 'gpt-x', workflow: 'agent', type: 'prompt' }, value: 10 },
      { name: 'autodevops_model_tokens_total', labels: { provider: 'openai', model: 'gpt-x', workflow: 'agent', type: 'completion' }, value: 2 },
    ]);
    expect(samples.find((s) => s.name === 'autodevops_model_cost_usd_total')?.value).toBe(0.03);
    const model = logged.map((l) => JSON.parse(l) as Record<string, unknown>).find((r) => r.event === 'model-call');
    expect(model).toMatchObject({ provider: 'openai', prompt_tokens: 10, cost_usd: 0.03 });
    expect(logged.join('\n')).not.toContain('hello');
  });
});

describe('an unpriced model call', () => {
  it('counts its tokens and says it was not priced, adding no cost', async () => {
    const obs = await startObservability({ env: {}, describeRun: async () => view });
    obs.listener({ kind: 'model-call', runId: 'r1', call: { ...call, cost: undefined } });
    obs.listener({ kind: 'model-call', runId: 'r1', call: { ...call, callId: 'c2', provider: 'local', cost: { prompt: 0, completion: 0, total: 0, priceTable: 'v1' } } });
    await obs.close();
    const samples = parseExposition(await obs.renderMetrics());
    expect(samples.filter((s) => s.name === 'autodevops_model_calls_total').map((s) => [s.labels.provider, s.labels.priced, s.value])).toEqual([['openai', 'false', 1], ['local', 'true', 1]]);
    expect(samples.filter((s) => s.name === 'autodevops_model_cost_usd_total').map((s) => [s.labels.provider, s.value])).toEqual([['local', 0]]);
  });
});

describe('without configuration', () => {
  it('exports no traces and writes no logs, but still counts metrics', async () => {
    const obs = await startObservability({ env: {}, describeRun: async () => view });
    expect(obs.tracing).toBeUndefined();
    obs.listener(history(1, { type: 'run.started' }));
    await obs.close();
    expect(receiver.bodies).toEqual([]);
    expect(parseExposition(await obs.renderMetrics()).find((s) => s.name === 'autodevops_active_runs')?.value).toBe(1);
  });
});

describe('failures', () => {
  it('of the exporter, the run lookup or the Pushgateway are reported, never thrown at the engine', async () => {
    const errors: unknown[] = [];
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_TIMEOUT: '300', AUTODEVOPS_METRICS_PUSHGATEWAY: `http://127.0.0.1:${port}` };
    const obs = await startObservability({ env, describeRun: async (id) => (id === 'r1' ? view : Promise.reject(new Error('no run'))), onError: (e) => errors.push(e) });
    obs.listener(history(1, { type: 'run.completed', conclusion: 'success' }));
    obs.listener({ kind: 'history', runId: 'gone', event: { type: 'run.started', seq: 1, at: 1 } });
    await obs.close();
    expect(errors.map((e) => (e as Error).message)).toEqual(expect.arrayContaining(['no run']));
    expect(errors.length).toBeGreaterThanOrEqual(3);
  });
});

describe('the Pushgateway', () => {
  it('receives this process metrics on close when AUTODEVOPS_METRICS_PUSHGATEWAY is set', async () => {
    const pushed: Array<{ method?: string; url?: string; body: string }> = [];
    const gateway = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => (pushed.push({ method: req.method, url: req.url, body }), res.writeHead(200).end()));
    });
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    await runAgent({ AUTODEVOPS_METRICS_PUSHGATEWAY: url });
    // Nothing observed (a `list` or `show`), nothing pushed.
    const idle = await startObservability({ env: { AUTODEVOPS_METRICS_PUSHGATEWAY: url }, describeRun: async () => view });
    await idle.close();
    await new Promise<void>((r) => gateway.close(() => r()));
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({ method: 'POST', url: '/metrics/job/autodevops' });
    expect(parseExposition(pushed[0]!.body).find((s) => s.name === 'autodevops_runs_total')?.labels).toEqual({ workflow: 'agent', conclusion: 'success' });
  });
});
