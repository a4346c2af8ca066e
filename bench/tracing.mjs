// Tracing overhead (issue 6): the engine's W1 workload (1,000 sequential in-process steps in one
// run, durable SQLite) with tracing off and on, in the same process, alternating, several rounds.
// With tracing on, spans are exported over OTLP/HTTP (protobuf) to a local receiver running in a
// child process (so its work is not counted as ours). Prints figures; asserts nothing.
//
//   npm run build && node bench/tracing.mjs [rounds]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { openApp } = await import(path.join(root, 'dist/index.mjs'));
const rounds = Number(process.argv[2] ?? 5);

// W1, as in bench/engine.mjs: each step reads the previous step's output.
const noop = (ctx) => ({ out: `${ctx.step.with.in ?? ''}`.length.toString() });
function sequential(n) {
  const steps = [];
  for (let i = 0; i < n; i++) {
    const input = i === 0 ? 'start' : `\${{ steps.s${i - 1}.outputs.out }}`;
    steps.push(`      - id: s${i}\n        uses: bench/noop@v1\n        with: { in: "${input}" }`);
  }
  return `name: w1\non: push\njobs:\n  seq:\n    runs-on: local\n    steps:\n${steps.join('\n')}\n`;
}

/** A receiver in a child process: answers OTLP/HTTP requests, counts requests and bytes. */
async function startReceiver() {
  const code = `
    const http = require('node:http');
    let requests = 0, bytes = 0;
    const server = http.createServer((req, res) => {
      req.on('data', (c) => (bytes += c.length));
      req.on('end', () => { requests++; res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(); });
    });
    server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\\n'));
    process.stdin.on('data', () => process.stdout.write(JSON.stringify({ requests, bytes }) + '\\n'));
    process.stdin.on('end', () => process.exit(0));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = [];
  let wake;
  child.stdout.setEncoding('utf8').on('data', (d) => {
    lines.push(...d.split('\n').filter(Boolean));
    wake?.();
  });
  const next = async () => {
    while (lines.length === 0) await new Promise((r) => (wake = r));
    return JSON.parse(lines.shift());
  };
  const { port } = await next();
  return {
    url: `http://127.0.0.1:${port}`,
    stats: async () => (child.stdin.write('?\n'), next()),
    close: () => child.stdin.end(),
  };
}

/** One W1 run; ms = execution (created → completed); closeMs = app.close(), which flushes spans. */
async function w1(env) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ado-bench-trace-'));
  const file = path.join(dir, 'w1.yml');
  writeFileSync(file, sequential(1000));
  const app = await openApp({ cwd: dir, dataDir: path.join(dir, 'data'), env, steps: { 'bench/noop': noop } });
  try {
    const handle = await app.startRun({ workflowPath: file });
    const t0 = performance.now();
    const view = await handle.done;
    const ms = performance.now() - t0;
    if (view.conclusion !== 'success') throw new Error(`W1 ended ${view.conclusion}`);
    const t1 = performance.now();
    await app.close();
    return { ms, closeMs: performance.now() - t1 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const receiver = await startReceiver();
const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_') && !k.startsWith('PHOENIX_')));
const on = { ...base, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
await w1(base);
await w1(on); // warm-up: JIT and the lazily loaded exporter chunk
const off = [];
const traced = [];
for (let i = 0; i < rounds; i++) {
  off.push(await w1(base));
  traced.push(await w1(on));
}
const stats = await receiver.stats();
receiver.close();

const offMs = median(off.map((r) => r.ms));
const onMs = median(traced.map((r) => r.ms));
const offTotal = median(off.map((r) => r.ms + r.closeMs));
const onTotal = median(traced.map((r) => r.ms + r.closeMs));
console.log(`autodevops tracing overhead — W1 (1,000 sequential steps), node ${process.version}, ${rounds} rounds, medians`);
console.log(`tracing off: execute ${fmt(offMs)} ms (${fmt((1000 / offMs) * 1000, 0)} steps/s), execute+close ${fmt(offTotal)} ms`);
console.log(`tracing on:  execute ${fmt(onMs)} ms (${fmt((1000 / onMs) * 1000, 0)} steps/s), execute+close ${fmt(onTotal)} ms (spans flushed on close)`);
console.log(`overhead:    execute ${fmt(((onMs - offMs) / offMs) * 100)} %, execute+close ${fmt(((onTotal - offTotal) / offTotal) * 100)} % (target <= 15 %)`);
console.log(`receiver:    ${stats.requests} OTLP requests, ${fmt(stats.bytes / 1024 / 1024, 2)} MB over ${rounds + 1} traced runs`);
