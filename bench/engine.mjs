// Engine benchmarks (issue: Foundation). Prints figures; asserts nothing.
//
//   npm run bench                        # build, then every workload, each in its own process (for peak RSS)
//   node bench/engine.mjs W1 [--rounds N] # one workload in this process
//
// Wall time is the execution of the runs (from the moment they are durably created until the last
// completes); the time to parse, validate and create them is printed beside it ("create ms").
// Durable: SQLite in WAL mode with synchronous=FULL, so every commit is fsynced before the steps it
// records are acknowledged. Steps are in-process no-op step kinds registered through the API.
// W1–W3 each run a smaller workflow of the same shape first (a fifth of the steps; another file,
// parsed and created likewise), then the measured workflow `rounds` times (default 40) in the same
// process. Two figures come out: the first measured run (JavaScript still being compiled: what a
// freshly started CLI sees on its second run), and the steady state (the median of the last half of
// the rounds: what a long-lived server sees once the engine's code is optimised, the usual warm-up
// rule of JIT benchmarks). Peak RSS is printed after the first measured run and after all rounds: V8
// grows its heap lazily on a machine with memory to spare, so more rounds leave a higher peak.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { openApp } = await import(path.join(root, 'dist/index.mjs'));

const noop = (ctx) => ({ out: `${ctx.step.with.in ?? ''}`.length.toString() });

function sequential(n, name = 'w1') {
  const steps = [];
  for (let i = 0; i < n; i++) {
    const input = i === 0 ? 'start' : `\${{ steps.s${i - 1}.outputs.out }}`;
    steps.push(`      - id: s${i}\n        uses: bench/noop@v1\n        with: { in: "${input}" }`);
  }
  return `name: ${name}\non: push\njobs:\n  seq:\n    runs-on: local\n    steps:\n${steps.join('\n')}\n`;
}

function fanOut(n, name = 'w3') {
  const jobs = [];
  for (let i = 0; i < n; i++) jobs.push(`  p${i}:\n    runs-on: local\n    outputs: { out: "\${{ steps.s.outputs.out }}" }\n    steps: [ { id: s, uses: bench/noop@v1, with: { in: "${i}" } } ]`);
  const needs = Array.from({ length: n }, (_, i) => `p${i}`).join(', ');
  jobs.push(`  join:\n    runs-on: local\n    needs: [${needs}]\n    steps: [ { uses: bench/noop@v1, with: { in: "\${{ toJSON(needs.*.outputs.out) }}" } } ]`);
  return `name: ${name}\non: push\njobs:\n${jobs.join('\n')}\n`;
}

async function withApp(fn, options = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ado-bench-'));
  const app = await openApp({ cwd: dir, dataDir: path.join(dir, 'data'), steps: { 'bench/noop': noop }, ...options });
  try {
    return await fn(app, dir);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runFiles(app, dir, texts, copies = 1) {
  const files = texts.flatMap((t, i) => {
    const f = path.join(dir, `wf-${t.length}-${i}.yml`);
    writeFileSync(f, t);
    return Array.from({ length: copies }, () => f);
  });
  // Creation (parse, validation, the durable run.created) is timed apart from execution.
  const t0 = performance.now();
  const handles = await Promise.all(files.map((f) => app.startRun({ workflowPath: f })));
  const t1 = performance.now();
  const views = await Promise.all(handles.map((h) => h.done));
  const t2 = performance.now();
  for (const v of views) if (v.conclusion !== 'success') throw new Error(`run ${v.id} ended ${v.conclusion}`);
  return { createMs: t1 - t0, ms: t2 - t1 };
}

const rounds = Number(process.argv.includes('--rounds') ? process.argv[process.argv.indexOf('--rounds') + 1] : 40);
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** The warm-up, then `rounds` runs of the measured workflow; the first and the steady-state figures. */
async function measured(app, dir, steps, warmUp, texts, copies = 1) {
  const warm = await runFiles(app, dir, warmUp.texts, warmUp.copies);
  const runs = [];
  let firstRssMb;
  for (let i = 0; i < rounds; i++) {
    runs.push(await runFiles(app, dir, texts, copies));
    firstRssMb ??= process.resourceUsage().maxRSS / 1024;
  }
  const steady = median(runs.slice(Math.floor(rounds / 2)).map((r) => r.ms));
  return { steps, rounds, first: runs[0], ms: steady, createMs: runs[0].createMs, firstRssMb, warmUp: { steps: warmUp.steps, ms: warm.ms } };
}

const workloads = {
  async W1() {
    return withApp(async (app, dir) => measured(app, dir, 1000, { steps: 200, texts: [sequential(200, 'w1-warm-up')] }, [sequential(1000)]));
  },
  async W2() {
    // 200 runs of one workflow file started at once (200 pushes).
    return withApp(async (app, dir) => measured(app, dir, 2000, { steps: 400, texts: [sequential(10, 'w2-warm-up')], copies: 40 }, [sequential(10, 'w2')], 200));
  },
  async W3() {
    return withApp(async (app, dir) => measured(app, dir, 501, { steps: 101, texts: [fanOut(100, 'w3-warm-up')] }, [fanOut(500)]), { maxParallelJobs: 500 });
  },
  async FLOOR() {
    const dir = mkdtempSync(path.join(tmpdir(), 'ado-floor-'));
    const db = new DatabaseSync(path.join(dir, 'floor.db'));
    db.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE e(run TEXT, seq INTEGER, data TEXT, PRIMARY KEY(run, seq))');
    const insert = db.prepare('INSERT INTO e VALUES (?, ?, ?)');
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) {
      db.exec('BEGIN');
      insert.run('r', i, '{"type":"step.completed","outputs":{"out":"1"}}');
      db.exec('COMMIT');
    }
    const ms = performance.now() - t0;
    db.close();
    rmSync(dir, { recursive: true, force: true });
    return { steps: 1000, ms };
  },
  async S1() {
    return withApp(async (app, dir) => {
      const steps = Array.from({ length: 100 }, () => '      - run: true').join('\n');
      writeFileSync(path.join(dir, 's1.yml'), `on: push\njobs:\n  s:\n    runs-on: local\n    steps:\n${steps}\n`);
      await runFiles(app, dir, [`on: push\njobs:\n  warm:\n    runs-on: local\n    steps:\n      - run: true\n`]);
      // Creation is excluded here too: S1 compares step execution with bare spawns.
      await app.validate([path.join(dir, 's1.yml')]);
      const handle = await app.startRun({ workflowPath: path.join(dir, 's1.yml') });
      const t0 = performance.now();
      const view = await handle.done;
      const engineMs = performance.now() - t0;
      if (view.conclusion !== 'success') throw new Error('S1 failed');
      const script = path.join(dir, 'true.sh');
      writeFileSync(script, 'true\n');
      const t1 = performance.now();
      for (let i = 0; i < 100; i++) {
        await new Promise((resolve, reject) => spawn('bash', ['-e', script], { stdio: 'ignore' }).on('exit', resolve).on('error', reject));
      }
      const bareMs = performance.now() - t1;
      // The same spawns with their output read through pipes, as any runner must capture it.
      const t2 = performance.now();
      for (let i = 0; i < 100; i++) {
        await new Promise((resolve, reject) => {
          const child = spawn('bash', ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
          child.stdout.resume();
          child.stderr.resume();
          child.on('close', resolve).on('error', reject);
        });
      }
      const pipedMs = performance.now() - t2;
      return { steps: 100, ms: engineMs, bareMs, pipedMs };
    });
  },
};

function cliTimes() {
  const bin = path.join(root, 'bin/autodevops.mjs');
  const dir = mkdtempSync(path.join(tmpdir(), 'ado-cli-'));
  writeFileSync(path.join(dir, 'one.yml'), 'on: push\njobs:\n  a:\n    runs-on: local\n    steps:\n      - run: echo hi\n');
  const time = (args) => {
    const samples = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
      samples.push(performance.now() - t0);
      if (r.status !== 0) throw new Error(`autodevops ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    }
    return samples.sort((a, b) => a - b)[3];
  };
  const version = time(['--version']);
  const oneStep = time(['run', 'one.yml']);
  rmSync(dir, { recursive: true, force: true });
  return { version, oneStep };
}

const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main() {
  const only = process.argv[2]?.startsWith('--') ? undefined : process.argv[2];
  if (only) {
    const r = await workloads[only]();
    const rssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(JSON.stringify({ ...r, rssMb }) + '\n');
    return;
  }
  console.log(`autodevops engine benchmark — node ${process.version}, ${new Date().toISOString()}`);
  console.log(`W1–W3: a warm-up run a fifth the size (another file, parsed too), then the measured workflow ${rounds} times in the same process:`);
  console.log('"first" is the first measured run, "steady" the median of the last half of the rounds (execute ms is the steady one).');
  console.log('workload                         steps  execute ms  steady steps/s  first steps/s   peak RSS MB first / all   create ms  target');
  const targets = { W1: '>= 4,000 steps/s', W2: '>= 20,000 steps/s', W3: '>= 20,000 steps/s', FLOOR: '(fsync floor: 1 commit/step)', S1: '<= 1.3x bare spawns' };
  const labels = { W1: 'W1 1,000 sequential steps', W2: 'W2 200 runs x 10 steps', W3: 'W3 500 parallel + join', FLOOR: 'floor: SQLite commit+fsync', S1: 'S1 100 run: true steps' };
  for (const name of ['FLOOR', 'W1', 'W2', 'W3', 'S1']) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name, '--rounds', String(rounds)], { encoding: 'utf8' });
    if (child.status !== 0) {
      console.log(`${labels[name].padEnd(30)} failed: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      continue;
    }
    const r = JSON.parse(child.stdout.trim().split('\n').at(-1));
    const perSec = (ms) => fmt((r.steps / ms) * 1000);
    const create = r.createMs === undefined ? '' : fmt(r.createMs, 1);
    const first = r.first === undefined ? '' : perSec(r.first.ms);
    const rss = r.firstRssMb === undefined ? fmt(r.rssMb, 1) : `${fmt(r.firstRssMb, 1)} / ${fmt(r.rssMb, 1)}`;
    console.log(`${labels[name].padEnd(30)} ${fmt(r.steps).padStart(7)} ${fmt(r.ms, 1).padStart(11)} ${perSec(r.ms).padStart(15)} ${first.padStart(14)} ${rss.padStart(25)} ${create.padStart(11)}  ${targets[name]}`);
    if (name === 'S1') {
      console.log(`${'  100 bare bash spawns'.padEnd(30)} ${fmt(100).padStart(7)} ${fmt(r.bareMs, 1).padStart(11)}   ratio ${fmt(r.ms / r.bareMs, 2)}x`);
      console.log(`${'  100 bare spawns, piped'.padEnd(30)} ${fmt(100).padStart(7)} ${fmt(r.pipedMs, 1).padStart(11)}   ratio ${fmt(r.ms / r.pipedMs, 2)}x`);
    }
  }
  const cli = cliTimes();
  console.log(`CLI: autodevops --version median ${fmt(cli.version, 1)} ms (target <= 120 ms); one-step workflow end to end median ${fmt(cli.oneStep, 1)} ms (target <= 350 ms)`);
}

await main();
