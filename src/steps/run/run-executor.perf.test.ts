/**
 * Overhead of a `run: true` step over a bare spawn of the same shell. Runs only with BENCH=1 and
 * prints its figures; timings are never asserted (they depend on the machine).
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { findCommand } from './find-command.ts';
import { runStepExecutor } from './run-executor.ts';
import { createTestStepContext, type TestStepContext } from './testing/step-context.ts';

const steps = 100;
const rounds = 5;

function bareSpawn(bash: string, file: string, cwd: string, stdio: 'pipe' | 'ignore'): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(bash, ['-e', file], { cwd, stdio: ['ignore', stdio, stdio] });
    child.stdout?.resume();
    child.stderr?.resume();
    child.once('error', reject);
    child.once('close', resolve);
  });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Round {
  step: number;
  barePipes: number;
  bareIgnore: number;
}

/**
 * One round: each iteration times a bare spawn (pipes), a bare spawn (stdio ignored) and a step
 * back to back, so load from other processes hits all three alike. Each step gets a fresh context,
 * as from the engine; making it is not timed.
 */
async function round(bash: string, file: string, cwd: string, outcomes: string[]): Promise<Round> {
  const total: Round = { step: 0, barePipes: 0, bareIgnore: 0 };
  for (let i = 0; i < steps; i++) {
    const ctx: TestStepContext = await createTestStepContext({ run: 'true' });
    total.barePipes += await timed(() => bareSpawn(bash, file, cwd, 'pipe'));
    total.bareIgnore += await timed(() => bareSpawn(bash, file, cwd, 'ignore'));
    total.step += await timed(async () => outcomes.push((await runStepExecutor.execute(ctx)).outcome));
    await ctx.cleanup();
  }
  return { step: total.step / steps, barePipes: total.barePipes / steps, bareIgnore: total.bareIgnore / steps };
}

describe.runIf(process.env.BENCH === '1')('run: step overhead (BENCH=1)', () => {
  it(`runs ${steps} \`run: true\` steps against ${steps} bare bash spawns`, { timeout: 300_000 }, async () => {
    const setup = await createTestStepContext({ run: 'true' });
    const bash = findCommand('bash', process.env.PATH ?? '')!;
    const file = join(setup.tempDir, 'bare.sh');
    await writeFile(file, 'true');
    const outcomes: string[] = [];
    const rounds_: Round[] = [];
    for (let r = 0; r < rounds; r++) rounds_.push(await round(bash, file, setup.step.workingDirectory, outcomes));
    await setup.cleanup();
    expect(outcomes.every((o) => o === 'success')).toBe(true);
    const [step, pipes, ignore] = [median(rounds_.map((r) => r.step)), median(rounds_.map((r) => r.barePipes)), median(rounds_.map((r) => r.bareIgnore))];
    console.log(
      `run: true  ${step.toFixed(3)} ms/step | bare bash -e (pipes) ${pipes.toFixed(3)} ms | bare (stdio ignored) ${ignore.toFixed(3)} ms | ` +
        `overhead ${(((step - pipes) / pipes) * 100).toFixed(1)}% vs pipes, ${(((step - ignore) / ignore) * 100).toFixed(1)}% vs ignored ` +
        `(median of ${rounds} rounds of ${steps})`,
    );
  });
});
