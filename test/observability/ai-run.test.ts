/**
 * A real AI run traced end to end: the app runs `autodevops/review@v1` in a temporary git repository
 * against the scripted OpenAI-compatible server (real SDK client, streamed), with tracing on through
 * the standard OTLP variable. The local receiver decodes what was exported with the OpenTelemetry
 * protobuf definitions: run → job → step (AGENT) → LLM turns → TOOL calls, with model, provider,
 * tokens, cost from the price table, masked messages and the session; a secret seeded into the
 * diff, the model's answers and the tool output appears in no exported byte and no metric.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SemanticConventions as SC, SEMRESATTRS_PROJECT_NAME } from '@arizeai/openinference-semantic-conventions';
import { openApp } from '../../src/app.ts';
import type { RunView } from '../../src/core/views.ts';
import { callSpanId } from '../../src/observability/ai-spans.ts';
import { RunSpans } from '../../src/observability/run-spans.ts';
import { renderRunDetails } from '../../src/cli/render/run-details.ts';
import { createColors } from '../../src/cli/colors.ts';
import { parseExposition } from '../otlp/exposition.ts';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../otlp/otlp-receiver.ts';
import { startOpenAiServer } from '../support/model-servers/openai-server.ts';
import type { ModelServer } from '../support/model-servers/script.ts';

const SECRET = 'S3cr3t-Review-0815';
const WORKFLOW = `name: review
on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - name: AI review
        uses: autodevops/review@v1
        with:
          fail-on: never
`;
/** USD per million tokens of the scripted model (the shipped table prices every `local/*` model at 0). */
const PRICES = { version: 'obs-test', currency: 'USD', unit: 'per-million-tokens', models: { 'local/scripted-reviewer': { input: 2, output: 8 } } };

let dir: string;
let server: ModelServer;
let receiver: OtlpReceiver;
let view: RunView;
let metrics: string;

function git(...args: string[]): void {
  execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ado-ai-trace-'));
  write('.github/workflows/review.yml', WORKFLOW);
  write('autodevops.yml', 'ai:\n  prices: ./prices.json\n');
  write('prices.json', JSON.stringify(PRICES));
  write('event.json', JSON.stringify({ number: 7, pull_request: { number: 7, head: { ref: 'feat/token' } } }));
  write('config.py', 'DEBUG = False\n');
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  write('config.py', `DEBUG = False\nTOKEN = "${SECRET}"\n`);
  git('commit', '-q', '-am', 'add a token');
  server = await startOpenAiServer([
    { text: `The diff hardcodes ${SECRET}; reading the file.`, toolCalls: [{ name: 'read_file', arguments: { path: 'config.py' } }], usage: { prompt: 1000, completion: 50 } },
    { toolCalls: [{ name: 'finish', arguments: { summary: `Do not commit ${SECRET}.`, findings: [{ file: 'config.py', line: 2, severity: 'blocking', message: `hardcoded ${SECRET}`, suggestion: 'read it from the environment' }] } }], usage: { prompt: 1200, completion: 80 } },
  ]);
  receiver = await startOtlpReceiver();
  const env = {
    PATH: process.env.PATH, HOME: process.env.HOME, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, PHOENIX_PROJECT_NAME: 'ai-obs',
    AUTODEVOPS_AI_PROVIDER: 'openai-compatible', AUTODEVOPS_AI_BASE_URL: server.url, AUTODEVOPS_AI_MODEL: 'scripted-reviewer',
  };
  const app = await openApp({ cwd: dir, env, engine: { pollMs: 20 } });
  const { runId, done } = await app.startRun({ workflowPath: '.github/workflows/review.yml', event: 'pull_request', eventPath: 'event.json', secrets: { TOKEN: SECRET } });
  await done;
  view = await app.getRun(runId);
  metrics = await app.renderMetrics();
  await app.close();
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

const kind = (s: ReceivedSpan): unknown => s.attributes[SC.OPENINFERENCE_SPAN_KIND];
const ofKind = (k: string): ReceivedSpan[] => receiver.spans.filter((s) => kind(s) === k).sort((a, b) => Number(a.startNs - b.startNs));
const named = (name: string, k: string): ReceivedSpan => receiver.spans.find((s) => s.name === name && kind(s) === k)!;

describe('a traced AI review run', () => {
  it('succeeds with two model calls, both priced by the overriding price table', () => {
    expect(view.conclusion).toBe('success');
    expect(server.requests).toHaveLength(2);
    expect(view.usage).toMatchObject({ calls: 2, promptTokens: 2200, completionTokens: 130, unpricedCalls: 0 });
    expect(view.usage?.costUsd).toBeCloseTo((2200 * 2 + 130 * 8) / 1e6, 12);
  });

  it('exports one trace: run → job → AI step (AGENT) → LLM turns → the TOOL calls each turn asked for', () => {
    expect(new Set(receiver.spans.map((s) => s.traceId))).toEqual(new Set([view.traceId]));
    const run = receiver.spans.find((s) => s.parentSpanId === '')!;
    const job = receiver.spans.find((s) => s.parentSpanId === run.spanId)!;
    const step = named('AI review', 'AGENT');
    expect([run.name, kind(run), run.attributes['autodevops.run.id']]).toEqual(['review', 'CHAIN', view.id]);
    expect([job.name, kind(job)]).toEqual(['review', 'CHAIN']);
    expect(step.parentSpanId).toBe(job.spanId);
    expect(step.spanId).toBe(RunSpans.stepSpanId(view.id, 'review/0', 1));
    const llm = ofKind('LLM');
    expect(llm.map((s) => [s.name, s.parentSpanId])).toEqual([['local scripted-reviewer', step.spanId], ['local scripted-reviewer', step.spanId]]);
    const tools = ofKind('TOOL');
    expect(tools.map((s) => [s.attributes[SC.TOOL_NAME], s.parentSpanId])).toEqual([['read_file', llm[0]!.spanId], ['finish', llm[1]!.spanId]]);
    expect(receiver.spans).toHaveLength(3 + llm.length + tools.length);
  });

  it('derive call span ids from the run, the step attempt and the call id, so a re-export replaces nothing else', () => {
    for (const s of [...ofKind('LLM'), ...ofKind('TOOL')]) {
      expect(s.spanId).toBe(callSpanId(view.id, 'review/0', 1, String(s.attributes['autodevops.call.id'])));
    }
    expect(new Set(receiver.spans.map((s) => s.spanId)).size).toBe(receiver.spans.length);
  });

  it('carry model, provider, token counts and cost on each LLM span', () => {
    const [first, second] = ofKind('LLM');
    expect(first!.attributes).toMatchObject({
      [SC.LLM_MODEL_NAME]: 'scripted-reviewer', [SC.LLM_PROVIDER]: 'local',
      [SC.LLM_TOKEN_COUNT_PROMPT]: 1000, [SC.LLM_TOKEN_COUNT_COMPLETION]: 50, [SC.LLM_TOKEN_COUNT_TOTAL]: 1050,
      'autodevops.price_table': '2026-11+obs-test',
    });
    expect(first!.attributes[SC.LLM_COST_PROMPT]).toBeCloseTo(0.002, 12);
    expect(first!.attributes[SC.LLM_COST_COMPLETION]).toBeCloseTo(0.0004, 12);
    expect(first!.attributes[SC.LLM_COST_TOTAL]).toBeCloseTo(0.0024, 12);
    expect(second!.attributes[SC.LLM_COST_TOTAL]).toBeCloseTo(0.00304, 12);
    expect(first!.status.code).toBe(1);
  });

  it('carry the masked conversation: system and user messages in, the answer and its tool calls out', () => {
    const a = ofKind('LLM')[0]!.attributes;
    expect(a['llm.input_messages.0.message.role']).toBe('system');
    expect(a['llm.input_messages.1.message.role']).toBe('user');
    expect(String(a['llm.input_messages.1.message.content'])).toContain('+TOKEN = "***"');
    expect(a['llm.output_messages.0.message.content']).toBe('The diff hardcodes ***; reading the file.');
    expect(a['llm.output_messages.0.message.tool_calls.0.tool_call.function.name']).toBe('read_file');
    expect(JSON.parse(String(a['llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments']))).toEqual({ path: 'config.py' });
    const read = ofKind('TOOL')[0]!.attributes;
    expect(read[SC.INPUT_VALUE]).toBe('{"path":"config.py"}');
    expect(String(read[SC.OUTPUT_VALUE])).toContain('TOKEN = "***"');
  });

  it('put every span in the pull request\'s session and the configured project', () => {
    for (const s of receiver.spans) {
      expect(s.attributes[SC.SESSION_ID]).toBe('pr:7');
      expect(s.resource[SEMRESATTRS_PROJECT_NAME]).toBe('ai-obs');
    }
  });

  it('never export the seeded secret, in any span or metric', () => {
    expect(receiver.bodies.length).toBeGreaterThan(0);
    for (const body of receiver.bodies) expect(body.includes(SECRET)).toBe(false);
    expect(metrics).not.toContain(SECRET);
    // Nor in what the model was sent: the diff holding it was masked before the first prompt.
    expect(JSON.stringify(server.requests.map((r) => r.body))).not.toContain(SECRET);
    expect(JSON.stringify(server.requests[0]!.body)).toContain('TOKEN = \\"***\\"');
  });

  it('count tokens, calls and cost by provider, model and workflow', () => {
    const samples = parseExposition(metrics);
    const labels = { provider: 'local', model: 'scripted-reviewer', workflow: 'review' };
    const value = (name: string, more: Record<string, string> = {}) => samples.find((s) => s.name === name && Object.entries({ ...labels, ...more }).every(([k, v]) => s.labels[k] === v))?.value;
    expect(value('autodevops_model_tokens_total', { type: 'prompt' })).toBe(2200);
    expect(value('autodevops_model_tokens_total', { type: 'completion' })).toBe(130);
    expect(value('autodevops_model_calls_total', { priced: 'true' })).toBe(2);
    expect(value('autodevops_model_cost_usd_total')).toBeCloseTo(0.00544, 12);
    for (const s of samples) for (const v of Object.values(s.labels)) expect(v).not.toContain(view.id);
  });

  it('show the run\'s and the step\'s usage and cost in `autodevops show`', () => {
    const text = renderRunDetails(view, createColors(false), view.completedAt!);
    expect(text).toContain(`trace: ${view.traceId}\nusage: 2 model calls · 2,200 prompt + 130 completion tokens · $0.0054\n`);
    expect(text).toMatch(/✓ AI review {2}[\d.]+s {2}review\/0\n {8}usage: 2 model calls · 2,200 prompt \+ 130 completion tokens · \$0\.0054\n/);
  });
});
