// HTTP API benchmark (issue 4, point 8). Prints figures and whether the targets are met; asserts nothing.
//
//   npx node scripts/build.mjs && npx node bench/api.mjs [seconds per measurement, default 5]
//     --only list,get,webhook,latency   measure only these (the bare routes are always measured;
//                                       `project` adds GET /v1/projects/{project}: the floor of an authenticated route)
//     --deliveries N                    deliveries for webhook → first step (default 200)
//     --rounds N                        rounds of bare route / route per measurement (default 3; medians reported)
//     --profile DIR                     run the server under --cpu-prof, profiles written to DIR on exit
//                                       (summarise with `npx node bench/cpu-profile.mjs DIR/*.cpuprofile`)
//
// The real server (`autodevops serve`, from the bundle in dist/) runs in a child process on a
// temporary data directory, seeded with 200 finished runs; a bare Hono route (`/bare`, a constant
// JSON body) runs in another child process on the same framework and adapter. autocannon drives
// both from this process, so the load generator shares an event loop with neither server.
// The server's rate limits are raised through AUTODEVOPS_RATE_LIMIT_TOKEN and _ADDRESS (the limiter
// still runs on every request): the defaults (20 requests/s per token, 10 per address for unsigned
// webhook senders) would measure the policy, not the server.
//
// Rows: each GET route at full speed (10 connections: requests/s, and latency under saturation)
// and at a fixed 1,000 requests/s (autocannon overallRate: the latency the target speaks of), its
// throughput as a share of the bare route's (measured in turns with it, see `measure`), and for
// context as a share of a bare route answering with the route's very bytes (on this two-core
// machine the load generator and the kernel's loopback cost grow with the body); the run list again
// with `Accept-Encoding: gzip`, as browsers and fetch() send it (autocannon sends none); signed GitHub push
// deliveries at full speed (each creates a durable run whose only job is skipped); then webhook
// received → first step started: deliveries one at a time to a workflow whose step runs, each timed
// from just before the request is sent to the `at` of the run's first `step.started` (the server's
// clock: same machine, milliseconds), read from the project's event stream, with the stages before
// it. Routes are read from the server's /openapi.json, not hard-coded. Each paired row also prints the
// server process's CPU time per answer (user + system, from /proc, kernel socket work included) next to
// the bare server's: the figure that does not drift with the load generator or the rest of the machine.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/autodevops.mjs');
const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { only: { type: 'string' }, deliveries: { type: 'string', default: '200' }, rounds: { type: 'string', default: '3' }, profile: { type: 'string' }, 'bare-server': { type: 'boolean' } },
});
const seconds = Number(positionals[0] ?? 5);
const only = new Set((flags.only ?? 'list,get,webhook,latency').split(','));
const deliveries = Number(flags.deliveries);
const roundCount = Number(flags.rounds);
const seedRuns = 200;
const project = 'bench';

// A run that costs nothing to dispatch again: its only job is skipped. Pushes to main start it.
const benchWorkflow = `name: bench
on:
  push: { branches: [main] }
  workflow_dispatch:
jobs:
  noop:
    if: \${{ false }}
    runs-on: ubuntu-latest
    steps:
      - run: echo never
`;

// A run whose first step starts at once. Pushes to the branch "step" start it.
const stepWorkflow = `name: step
on:
  push: { branches: [step] }
jobs:
  one:
    runs-on: ubuntu-latest
    steps:
      - run: 'true'
`;

const targets = { getP99AtRate: 5, throughputShare: 0.5, webhookToStepP50: 20 };

/** `node bench/api.mjs --bare-server`: the bare route, alone in its process. */
async function bareServer() {
  const { Hono } = await import('hono');
  const { serve } = await import('@hono/node-server');
  const app = new Hono();
  const constant = { status: 'ok', runs: [{ id: '01jdx3', status: 'completed', conclusion: 'success' }] };
  app.get('/bare', (c) => c.json(constant));
  app.post('/bare', async (c) => c.json({ accepted: typeof (await c.req.json()) === 'object' }, 202));
  // A constant body set once by the benchmark: the run list's own bytes, to show what its size costs.
  let body = '{}';
  app.put('/bare-body', async (c) => c.json({ bytes: (body = await c.req.text()).length }));
  app.get('/bare-body', (c) => c.body(body, 200, { 'content-type': 'application/json' }));
  serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${info.port}` })}\n`));
}

/** Starts a child process and resolves with the first JSON line it prints (its URL). */
function startChild(args, cwd, env = {}) {
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CI: 'true', ...env } });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code} before listening`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ ...JSON.parse(line), child, exited }));
  });
}

async function stopChild({ child, exited }) {
  child.kill('SIGTERM');
  await exited;
}

/** A server-wide admin token, through the CLI as a user would create one. */
function createToken(cwd, dataDir) {
  const r = spawnSync(process.execPath, [bin, 'token', 'create', '--project', '*', '--name', 'bench', '--role', 'admin', '--json', '--data-dir', dataDir], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`token create failed: ${r.stderr}`);
  return JSON.parse(r.stdout).token;
}

/** The routes to measure, found in the OpenAPI document by shape. */
function discover(doc) {
  const paths = Object.entries(doc.paths ?? {});
  const find = (method, re) => paths.find(([p, item]) => re.test(p) && item[method])?.[0];
  const routes = {
    projects: find('post', /^\/v1\/projects$/),
    project: find('get', /^\/v1\/projects\/\{project\}$/),
    register: find('put', /\/workflows\/\{[^}]+\}$/),
    list: find('get', /\/runs$/),
    get: find('get', /\/runs\/\{[^}]+\}$/),
    dispatch: find('post', /\/runs$/),
    events: find('get', /^\/v1\/projects\/\{project\}\/events$/),
    webhookSecret: find('post', /\/webhook-secrets\/\{[^}]+\}$/),
    webhook: find('post', /\/webhooks\/github$/),
  };
  const missing = Object.entries(routes).filter(([, p]) => p === undefined).map(([name]) => name);
  if (missing.length > 0) throw new Error(`the OpenAPI document lacks these routes: ${missing.join(', ')}`);
  return routes;
}

/** Fills a path template: `{project}` is the bench project, the last other parameter is `last`. */
function at(template, last) {
  return template.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(name === 'project' ? project : last));
}

async function call(server, token, method, pathname, body) {
  const res = await fetch(`${server.url}${pathname}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body && { 'content-type': 'application/json' }) }, ...(body && { body: JSON.stringify(body) }),
  });
  const json = await res.json();
  if (res.status >= 300 && !(method === 'POST' && pathname === '/v1/projects' && res.status === 409)) throw new Error(`${method} ${pathname} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** The project, both workflows registered, and the GitHub webhook secret. */
async function prepare(server, token, routes) {
  await call(server, token, 'POST', routes.projects, { name: project });
  for (const id of ['bench', 'step']) await call(server, token, 'PUT', at(routes.register, id), { source: { path: '.' }, file: `.github/workflows/${id}.yml` });
  return (await call(server, token, 'POST', at(routes.webhookSecret, 'github'))).secret;
}

/** Dispatches the seed runs (a few at a time) and waits until every one has finished. */
async function seed(server, token, routes) {
  const ids = [];
  for (let i = 0; i < seedRuns; i += 10) {
    const batch = Array.from({ length: Math.min(10, seedRuns - i) }, () => call(server, token, 'POST', at(routes.dispatch), { workflow: 'bench' }));
    for (const { runId } of await Promise.all(batch)) ids.push(runId);
  }
  for (let tries = 0; tries < 600; tries++) {
    const { runs } = await call(server, token, 'GET', `${at(routes.list)}?status=completed&limit=200`);
    if (runs.length >= seedRuns) return ids;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the seed runs did not finish');
}

/** A signed GitHub push delivery to `branch`, with its own delivery id (a repeated one is ignored). */
function pushDelivery(secret, branch) {
  const body = JSON.stringify({
    ref: `refs/heads/${branch}`, before: '0'.repeat(40), after: '1'.repeat(40), created: false, deleted: false, commits: [], head_commit: null,
    repository: { full_name: 'acme/bench', name: 'bench', default_branch: 'main', owner: { login: 'acme' } }, sender: { login: 'bench' },
  });
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  return { body, headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-hub-signature-256': signature } };
}

/** autocannon options for signed push deliveries to main, each with a fresh delivery id. */
function webhookLoad(server, routes, secret) {
  const { body, headers } = pushDelivery(secret, 'main');
  return {
    url: `${server.url}${at(routes.webhook)}`, method: 'POST', body, headers,
    requests: [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'x-github-delivery': randomUUID() } }) }],
  };
}

/** CPU time (user + system, ms) a process has used, from /proc; undefined where there is none. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * One autocannon run. Its own latency histogram counts whole milliseconds; the response event
 * carries the time in fractions of one, so percentiles are computed from those.
 */
async function cannon({ pid, ...options }) {
  const times = [];
  const cpuBefore = cpuMs(pid);
  const instance = autocannon({ connections: 10, duration: seconds, ...options });
  instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  const result = await instance;
  const cpu = cpuMs(pid);
  times.sort((a, b) => a - b);
  // The server's own CPU per answer: unlike requests/s, it does not drift with what else the machine runs.
  const cpuUs = cpu === undefined || cpuBefore === undefined ? undefined : ((cpu - cpuBefore) * 1000) / result.requests.total;
  return { rps: result.requests.average, p50: percentile(times, 50), p99: percentile(times, 99), bad: result.non2xx + result.errors + result.timeouts, cpuUs };
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** The median of each figure over several autocannon runs. */
function medianOf(runs) {
  return { rps: median(runs.map((r) => r.rps)), p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)), bad: runs.reduce((n, r) => n + r.bad, 0), cpuUs: median(runs.map((r) => r.cpuUs ?? NaN)) };
}

/**
 * One route next to its bare counterpart. This machine's speed drifts by a factor of two from one
 * minute to the next, so the two are measured in turns: `rounds` rounds of the bare route then the
 * route, each at full speed for `seconds`; the medians are reported, and the share of the bare
 * route's throughput is the median of each round's ratio. Then (unless `paced` is false) the route
 * runs at a fixed 1,000 requests/s for rounds × seconds.
 */
async function measure(label, options, bareOptions, paced = true) {
  for (const { pid: _, ...o } of [options, bareOptions]) await autocannon({ ...o, connections: 10, duration: 1 });
  const rounds = [];
  for (let i = 0; i < roundCount; i++) {
    const bare = await cannon(bareOptions);
    rounds.push({ bare, full: await cannon(options) });
  }
  return {
    label, full: medianOf(rounds.map((r) => r.full)), bare: medianOf(rounds.map((r) => r.bare)), share: median(rounds.map((r) => r.full.rps / r.bare.rps)),
    ...(paced && { paced: await cannon({ ...options, pid: undefined, overallRate: 1000, duration: seconds * roundCount }) }),
  };
}

/** The project's event stream: calls `onEvent(data)` for every history event; returns a stop function. */
async function followProject(server, token, routes, onEvent) {
  const controller = new AbortController();
  const res = await fetch(`${server.url}${at(routes.events)}`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  if (res.status !== 200) throw new Error(`GET ${routes.events} → ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ done: true }));
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer.slice(0, end).split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
        buffer = buffer.slice(end + 2);
        if (data) onEvent(JSON.parse(data));
      }
    }
  })();
  return () => controller.abort();
}

/**
 * Webhook received → first step started, one delivery at a time: the time from just before the
 * request is sent to the `at` of the run's first step.started; the next delivery waits for the
 * run to complete.
 */
async function webhookToStep(server, token, routes, secret) {
  const waiting = new Map();
  const seen = new Map();
  const settle = (runId, type, at) => {
    const key = `${runId} ${type}`;
    if (seen.has(key)) return;
    seen.set(key, at);
    waiting.get(key)?.(at);
  };
  const stop = await followProject(server, token, routes, ({ runId, event }) => settle(runId, event.type, event.at));
  const eventOf = (runId, type) => (seen.has(`${runId} ${type}`) ? Promise.resolve(seen.get(`${runId} ${type}`))
    : new Promise((resolve) => waiting.set(`${runId} ${type}`, resolve)));
  const { body, headers } = pushDelivery(secret, 'step');
  const url = `${server.url}${at(routes.webhook)}`;
  const stages = { 'run.created': [], 'run.started': [], '202 answered': [], 'step.started': [] };
  try {
    for (let i = 0; i < deliveries + 5; i++) {
      const sent = performance.timeOrigin + performance.now();
      const res = await fetch(url, { method: 'POST', body, headers: { ...headers, 'x-github-delivery': randomUUID() } });
      const answer = await res.json();
      const answered = performance.timeOrigin + performance.now();
      const runId = answer.runs?.[0]?.runId;
      if (res.status !== 202 || runId === undefined) throw new Error(`the delivery started no run: ${res.status} ${JSON.stringify(answer)}`);
      const times = { '202 answered': answered };
      for (const type of ['run.created', 'run.started', 'step.started']) times[type] = await eventOf(runId, type);
      // The first deliveries warm the server up (the workflow is parsed, code is compiled).
      if (i >= 5) for (const [stage, time] of Object.entries(times)) stages[stage].push(time - sent);
      await eventOf(runId, 'run.completed');
    }
  } finally {
    stop();
  }
  const summary = Object.fromEntries(Object.entries(stages).map(([stage, values]) => {
    const sorted = values.sort((a, b) => a - b);
    return [stage, { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) }];
  }));
  return { ...summary['step.started'], stages: summary };
}

const fmt = (n, d = 0) => (n ?? 0).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

function printRows(rows) {
  console.log(`${'route'.padEnd(50)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} | 1,000 req/s: ${'p50 ms'.padStart(6)} ${'p99 ms'.padStart(7)} | ${'non-2xx'.padStart(7)} | ${'bare req/s'.padStart(10)} ${'share'.padStart(5)} | server CPU µs/req (bare)`);
  for (const { label, full, paced, bare, share } of rows) {
    const atRate = paced ? `${fmt(paced.p50, 2).padStart(6)} ${fmt(paced.p99, 2).padStart(7)}` : `${'–'.padStart(6)} ${'–'.padStart(7)}`;
    const paired = bare ? `${fmt(bare.rps).padStart(10)} ${`${fmt(share * 100)}%`.padStart(5)} | ${fmt(full.cpuUs, 1).padStart(6)} (${fmt(bare.cpuUs, 1)})` : '';
    console.log(`${label.padEnd(50)} ${fmt(full.rps).padStart(8)} ${fmt(full.p50, 2).padStart(7)} ${fmt(full.p99, 2).padStart(7)} |              ${atRate} | ${fmt(full.bad + (paced?.bad ?? 0)).padStart(7)} | ${paired}`);
  }
}

function printTargets(rows, latency) {
  const checks = [];
  for (const row of rows.filter((r) => r.paced && r.bare && !r.label.includes('floor') && !r.context)) {
    checks.push([`${row.label}: p99 at 1,000 req/s ≤ ${targets.getP99AtRate} ms`, `${fmt(row.paced.p99, 2)} ms`, row.paced.p99 <= targets.getP99AtRate]);
    checks.push([`${row.label}: throughput ≥ ${targets.throughputShare * 100}% of bare`, `${fmt(row.share * 100)}% (${fmt(row.full.rps)} vs ${fmt(row.bare.rps)} req/s)`, row.share >= targets.throughputShare]);
  }
  if (latency) {
    console.log('\nwebhook received → (one delivery at a time, ms from sending)  p50      p99      max');
    for (const [stage, t] of Object.entries(latency.stages)) console.log(`  ${stage.padEnd(58)} ${fmt(t.p50, 1).padStart(6)} ${fmt(t.p99, 1).padStart(8)} ${fmt(t.max, 1).padStart(8)}`);
    checks.push([`webhook received → first step started: p50 ≤ ${targets.webhookToStepP50} ms`, `${fmt(latency.p50, 1)} ms (p99 ${fmt(latency.p99, 1)}, max ${fmt(latency.max, 1)}, n=${latency.n})`, latency.p50 <= targets.webhookToStepP50]);
  }
  console.log(`\n${'target'.padEnd(72)} ${'measured'.padEnd(42)} met`);
  for (const [name, measured, met] of checks) console.log(`${name.padEnd(72)} ${measured.padEnd(42)} ${met ? 'yes' : 'NO'}`);
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'ado-bench-api-'));
  const dataDir = path.join(dir, 'data');
  mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
  writeFileSync(path.join(dir, '.github/workflows/bench.yml'), benchWorkflow);
  writeFileSync(path.join(dir, '.github/workflows/step.yml'), stepWorkflow);
  const token = createToken(dir, dataDir);
  const profile = flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(flags.profile)}`] : [];
  const server = await startChild([...profile, bin, 'serve', '--port', '0', '--host', '127.0.0.1', '--json', '--data-dir', dataDir], dir, { AUTODEVOPS_RATE_LIMIT_TOKEN: '1000000', AUTODEVOPS_RATE_LIMIT_ADDRESS: '1000000' });
  const bare = await startChild([fileURLToPath(import.meta.url), '--bare-server'], root);
  try {
    const routes = discover(await call(server, token, 'GET', '/openapi.json'));
    const secret = await prepare(server, token, routes);
    const ids = await seed(server, token, routes);
    const auth = { authorization: `Bearer ${token}` };
    console.log(`autodevops API benchmark — node ${process.version}, ${new Date().toISOString()}, ${seconds} s per measurement, ${seedRuns} finished runs`);
    const bareGet = { url: `${bare.url}/bare`, pid: bare.child.pid };
    const barePost = { url: `${bare.url}/bare`, pid: bare.child.pid, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ref":"refs/heads/main"}' };
    const rows = [];
    if (only.has('project')) rows.push(await measure(`GET ${routes.project} (auth floor)`, { url: `${server.url}${at(routes.project)}`, headers: auth, pid: server.child.pid }, bareGet));
    // Each GET route, then (for context) the same route next to a bare route answering with its very bytes.
    const sameBody = async (options) => {
      const text = await (await fetch(options.url, { headers: options.headers })).text();
      await fetch(`${bare.url}/bare-body`, { method: 'PUT', body: text });
      return { ...(await measure(`  the same vs bare GET of its ${fmt(text.length / 1024, 1)} KB body`, options, { url: `${bare.url}/bare-body`, pid: bare.child.pid }, false)), context: true };
    };
    const gets = { list: [routes.list, at(routes.list)], get: [routes.get, at(routes.get, ids[ids.length >> 1])] };
    for (const [name, [route, pathname]] of Object.entries(gets).filter(([name]) => only.has(name))) {
      const options = { url: `${server.url}${pathname}`, headers: auth, pid: server.child.pid };
      rows.push(await measure(`GET ${route}`, options, bareGet));
      rows.push(await sameBody(options));
      // Browsers, curl --compressed and fetch() ask for gzip; a final page is then sent gzipped.
      if (name === 'list') rows.push(await measure(`GET ${route}, Accept-Encoding: gzip`, { ...options, headers: { ...auth, 'accept-encoding': 'gzip' } }, bareGet));
    }
    if (only.has('webhook')) rows.push(await measure(`POST ${routes.webhook} (signed push)`, { ...webhookLoad(server, routes, secret), pid: server.child.pid }, barePost, false));
    rows.unshift({ label: 'bare Hono GET /bare (constant JSON)', full: medianOf(rows.filter((r) => r.bare && r.paced).map((r) => r.bare)), paced: await cannon({ ...bareGet, pid: undefined, overallRate: 1000 }) });
    const latency = only.has('latency') ? await webhookToStep(server, token, routes, secret) : undefined;
    printRows(rows);
    printTargets(rows, latency);
  } finally {
    await Promise.all([stopChild(server), stopChild(bare)]);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (flags['bare-server']) await bareServer();
else await main();
