// Context overhead per model turn of each AI step (issue 5): the system prompt plus the tool schemas,
// which every turn of a session sends again. Target: at most 2,500 tokens. Prints figures; asserts nothing.
//
//   npm run bench:ai             # build, then measure
//   node bench/ai-context.mjs    # after `npm run build`
//
// Nothing is rebuilt by hand: the five real steps (autodevops/plan|code|review|fix|test-gen@v1) run
// through the built bundle's engine against a local HTTP server that speaks just enough of the
// OpenAI-compatible protocol to capture the first request of each step's session — the exact JSON
// the AI SDK sends — and refuse it (HTTP 400), which ends that step. Tokens are counted with a real
// tokenizer (gpt-tokenizer, o200k_base: GPT-4o/GPT-5's encoding; other model families split text
// a little differently) on the system message's text and on the `tools` array as sent; the
// `~chars/4` columns are the rough estimate the agent uses for its own context budget.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { openApp } = await import(path.join(root, 'dist/index.mjs'));
const target = 2500;
const steps = [
  { id: 'plan', kit: 'read-only', with: { instruction: 'Add a greeting function', 'tasks-file': '${{ runner.temp }}/tasks.json' } },
  { id: 'code', kit: 'coding', with: { instruction: 'Add a greeting function' } },
  { id: 'review', kit: 'read-only', with: { base: 'HEAD~1' } },
  { id: 'fix', kit: 'coding', with: { command: 'false', 'max-attempts': 1 } },
  { id: 'test-gen', kit: 'coding', with: { command: 'true', base: 'HEAD~1' } },
];

/** Records every request body and answers 400 in OpenAI's error shape (not retried: the step ends at once). */
async function startCaptureServer() {
  const bodies = [];
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'captured by bench/ai-context.mjs', type: 'invalid_request_error', param: null, code: null } }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/v1`, bodies, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** A two-commit repository (so review and test-gen have a diff) with a workflow running each step once. */
function sampleRepository() {
  const repo = mkdtempSync(path.join(tmpdir(), 'ado-ai-context-'));
  const git = (...args) => execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' } });
  writeFileSync(path.join(repo, 'greet.js'), 'export function greet(name) {\n  return `hello ${name}`;\n}\n');
  // Falls back to no sandbox where bubblewrap cannot start: the bench only needs the first request.
  writeFileSync(path.join(repo, 'autodevops.yml'), 'ai:\n  allow-unsandboxed: true\n');
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'greet');
  writeFileSync(path.join(repo, 'greet.js'), 'export function greet(name) {\n  return `hello, ${name}!`;\n}\n');
  git('commit', '-q', '-am', 'punctuation');
  const yaml = steps.map((s) => `      - id: ${s.id}\n        continue-on-error: true\n        uses: autodevops/${s.id}@v1\n        with: ${JSON.stringify(s.with)}`);
  writeFileSync(path.join(repo, 'ai-context.yml'), `name: ai-context\non: push\njobs:\n  ai:\n    runs-on: ubuntu-latest\n    steps:\n${yaml.join('\n')}\n`);
  return repo;
}

async function captureFirstRequests() {
  const server = await startCaptureServer();
  const repo = sampleRepository();
  const data = mkdtempSync(path.join(tmpdir(), 'ado-ai-context-data-'));
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', AUTODEVOPS_AI_PROVIDER: 'openai-compatible', AUTODEVOPS_AI_BASE_URL: server.url, AUTODEVOPS_AI_MODEL: 'bench' };
  const app = await openApp({ cwd: repo, dataDir: data, env });
  // streamText prints every provider error with console.error when given no onError; the refusals are expected here.
  const { error } = console;
  console.error = () => {};
  try {
    const view = await (await app.startRun({ workflowPath: 'ai-context.yml', event: 'push' })).done;
    if (server.bodies.length !== steps.length) {
      const errors = view.jobs.flatMap((j) => j.steps).map((s) => `${s.id}: ${s.error ?? s.conclusion}`).join('\n  ');
      throw new Error(`expected one model request per step (${steps.length}), got ${server.bodies.length}:\n  ${errors}`);
    }
    return server.bodies;
  } finally {
    console.error = error;
    await app.close();
    await server.close();
    rmSync(repo, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  }
}

const estimate = (text) => Math.ceil(text.length / 4);
const pad = (value, width) => String(value).padStart(width);

function measure(step, body) {
  const system = body.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
  const tools = JSON.stringify(body.tools ?? []);
  const perTool = (body.tools ?? []).map((t) => ({ name: t.function.name, tokens: countTokens(JSON.stringify(t)) }));
  const tokens = { system: countTokens(system), tools: countTokens(tools) };
  return { ...step, perTool, tokens, estimate: { system: estimate(system), tools: estimate(tools) } };
}

const rows = (await captureFirstRequests()).map((body, i) => measure(steps[i], body));
console.log('Context overhead per turn: system prompt + tool schemas, as sent by the AI SDK (OpenAI-compatible chat)');
console.log('tokens: gpt-tokenizer o200k_base; ~chars/4: the rough estimate; the tool count includes `finish`\n');
console.log(`${'step'.padEnd(10)} ${'tools'.padEnd(16)} ${pad('system', 7)} ${pad('tools', 7)} ${pad('total', 7)} ${pad('~chars/4', 9)} ${pad('target', 7)}  meets`);
for (const r of rows) {
  const total = r.tokens.system + r.tokens.tools;
  const kit = `${r.kit} (${r.perTool.length})`;
  console.log(`${r.id.padEnd(10)} ${kit.padEnd(16)} ${pad(r.tokens.system, 7)} ${pad(r.tokens.tools, 7)} ${pad(total, 7)} ${pad(r.estimate.system + r.estimate.tools, 9)} ${pad('≤ 2500', 7)}  ${total <= target ? 'yes' : 'NO'}`);
}
console.log('\nTokens per tool schema (each step also sends its own `finish`):');
const names = [...new Set(rows.flatMap((r) => r.perTool.map((t) => t.name)).filter((n) => n !== 'finish'))];
const shared = names.map((n) => `${n} ${rows.flatMap((r) => r.perTool).find((t) => t.name === n).tokens}`);
console.log(`  ${shared.join(', ')}`);
console.log(`  finish: ${rows.map((r) => `${r.id} ${r.perTool.find((t) => t.name === 'finish')?.tokens ?? '-'}`).join(', ')}`);
