/**
 * Durability under kill -9: a child process runs a workflow through the built programmatic API and
 * is killed with SIGKILL at chosen points; another process resumes. Finished steps must never run
 * again, interrupted steps run again (at-least-once), unsafe steps stop for a person, and the
 * history stays whole.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { replay } from '../../src/engine/run-state.ts';

const root = path.resolve(import.meta.dirname, '../..');
const driver = path.join(root, 'test/crash/driver.mjs');
let dir: string;

beforeAll(() => {
  if (!existsSync(path.join(root, 'dist/index.mjs'))) spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setup(workflow: string): { data: string; wf: string; effects: string } {
  dir = mkdtempSync(path.join(tmpdir(), 'ado-kill-'));
  const wf = path.join(dir, 'wf.yml');
  writeFileSync(wf, workflow);
  const effects = path.join(dir, 'effects.log');
  writeFileSync(effects, '');
  return { data: path.join(dir, 'data'), wf, effects };
}

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, [driver, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function finish(args: string[]): Array<{ id: string; status: string; conclusion?: string; needsDecision?: unknown }> {
  const r = spawnSync(process.execPath, [driver, ...args], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`driver ${args[0]} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

async function waitForLines(file: string, n: number, ms = 20_000, pollMs = 5): Promise<void> {
  const end = Date.now() + ms;
  while (readFileSync(file, 'utf8').split('\n').filter(Boolean).length < n) {
    if (Date.now() > end) throw new Error(`fewer than ${n} effects in ${file}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

async function kill9(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

const executions = (effects: string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const line of readFileSync(effects, 'utf8').split('\n').filter(Boolean)) {
    const key = line.split(' ')[0]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
};

async function history(data: string, runId: string) {
  const store = await openSqliteStore({ dataDir: data });
  try {
    return await store.history(runId);
  } finally {
    await store.close();
  }
}

const chain = (n: number, sleep = 0): string => {
  const steps = Array.from({ length: n }, (_, i) => `      - id: s${i}\n        uses: crash/tick@v1\n        with: { sleep: ${sleep}, in: "${i === 0 ? 'start' : `\${{ steps.s${i - 1}.outputs.out }}`}" }`);
  return `on: push\njobs:\n  a:\n    runs-on: local\n    steps:\n${steps.join('\n')}\n`;
};

describe('kill -9 and resume', () => {
  it('during a step: finished steps are not repeated, the interrupted one runs again', async () => {
    const { data, wf, effects } = setup(chain(4, 400));
    const child = start(['run', data, wf, effects]);
    await waitForLines(effects, 2); // s0 done, s1 running
    await kill9(child);
    const [run] = finish(['resume', data, effects]);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success' });
    const counts = executions(effects);
    expect(counts.get('a/0')).toBe(1);
    expect(counts.get('a/1')).toBe(2);
    expect(counts.get('a/2')).toBe(1);
    expect(counts.get('a/3')).toBe(1);
    const events = await history(data, run!.id);
    expect(events.filter((e) => e.type === 'step.interrupted')).toHaveLength(1);
    const state = replay(run!.id, events);
    expect(state.jobs.get('a')!.steps[3]!.outputs.out).toBe('start|a/0|a/1|a/2|a/3');
  });

  it('at random points between steps and during commits: every step completes exactly once in the history', async () => {
    // Killed as soon as k steps have run: the process is then inside a commit or between two.
    for (const k of [3, 61, 137, 229]) {
      const { data, wf, effects } = setup(chain(300));
      const child = start(['run', data, wf, effects]);
      await waitForLines(effects, k, 20_000, 1);
      await kill9(child);
      const [run] = finish(['resume', data, effects]);
      expect(run).toMatchObject({ status: 'completed', conclusion: 'success' });
      const events = await history(data, run!.id);
      const completions = events.filter((e) => e.type === 'step.completed').map((e) => e.type === 'step.completed' && e.index);
      expect(completions).toEqual(Array.from({ length: 300 }, (_, i) => i));
      // At-least-once: at most the one step in flight at the kill ran twice.
      const repeated = [...executions(effects).values()].filter((n) => n > 1);
      expect(repeated.length).toBeLessThanOrEqual(1);
      expect(executions(effects).size).toBe(300);
      const state = replay(run!.id, events);
      expect(state.jobs.get('a')!.steps[299]!.outputs.out!.split('|')).toHaveLength(301);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('during a matrix fan-out: completed instances are kept, the others finish', async () => {
    const { data, wf, effects } = setup(`on: push\njobs:\n  m:\n    runs-on: local\n    strategy: { matrix: { n: [0, 1, 2, 3, 4, 5, 6, 7] } }\n    steps:\n      - uses: crash/tick@v1\n        with: { sleep: "\${{ matrix.n < 3 && 10 || 1500 }}" }\n`);
    const child = start(['run', data, wf, effects]);
    await waitForLines(effects, 6);
    await new Promise((r) => setTimeout(r, 200));
    await kill9(child);
    const before = executions(effects);
    const [run] = finish(['resume', data, effects]);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success' });
    const after = executions(effects);
    expect(after.size).toBe(8);
    for (const n of [0, 1, 2]) expect(after.get(`m.${n}/0`)).toBe(1);
    expect([...after.entries()].filter(([k, v]) => v > (before.get(k) ?? 0)).length).toBeGreaterThan(0);
  });

  it('a step marked not safe to repeat stops the run for a person, who decides', async () => {
    const { data, wf, effects } = setup(`on: push\njobs:\n  a:\n    runs-on: local\n    steps:\n      - uses: crash/tick@v1\n      - uses: crash/tick@v1\n        env: { AUTODEVOPS_REPEAT_SAFE: "false" }\n        with: { sleep: 5000 }\n      - uses: crash/tick@v1\n`);
    const child = start(['run', data, wf, effects]);
    await waitForLines(effects, 2);
    await kill9(child);
    const [stopped] = finish(['resume', data, effects]);
    expect(stopped).toMatchObject({ status: 'needs-decision', needsDecision: { stepKey: 'a/1' } });
    expect(executions(effects).get('a/1')).toBe(1);
    const [decided] = finish(['resume', data, effects, 'skip']);
    expect(decided).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(executions(effects).get('a/1')).toBe(1);
    expect(executions(effects).get('a/2')).toBe(1);
  });
});
