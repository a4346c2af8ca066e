/**
 * A real StepContext for tests of step executors: fresh temp directories, a log that masks like the
 * engine's (values registered with addMask become `***` in text logged afterwards) and records what
 * it got, and a real AbortController behind `signal`.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { systemClock } from '../../../core/clock.ts';
import type { StepContext } from '../../../engine/ports/step.ts';

/** One `log()` call, after masking. */
export interface RecordedLog {
  stream: 'stdout' | 'stderr' | 'system';
  text: string;
}

/** What a test may set; everything else gets a sensible default. */
export interface TestStepOptions {
  run?: string;
  shell?: string;
  name?: string;
  /** Defaults to a fresh temp directory. */
  workingDirectory?: string;
  timeoutMs?: number;
  /** Added to `PATH` and `HOME` taken from this process. */
  env?: Record<string, string>;
  path?: string[];
  state?: Record<string, string>;
}

/** A StepContext plus what the test needs to inspect and control it. */
export interface TestStepContext extends StepContext {
  readonly logs: RecordedLog[];
  readonly masks: string[];
  readonly controller: AbortController;
  /** Logged text of one stream, or of all streams in order. */
  text(stream?: RecordedLog['stream']): string;
  /** Removes the temp directories. */
  cleanup(): Promise<void>;
}

/** Builds a context with real temp directories, removed when the test finishes (or earlier by `cleanup()`). */
export async function createTestStepContext(options: TestStepOptions = {}): Promise<TestStepContext> {
  const root = await mkdtemp(join(tmpdir(), 'ado-step-'));
  // Removed after the test whether or not it calls cleanup(): thousands of tests leave nothing behind.
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  const workspace = join(root, 'workspace');
  const tempDir = join(root, 'temp');
  await Promise.all([mkdir(workspace), mkdir(tempDir)]);
  const logs: RecordedLog[] = [];
  const masks: string[] = [];
  const controller = new AbortController();
  const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? root };
  const unavailable = (): never => {
    throw new Error('durable primitives are not available in this test context');
  };
  return {
    runId: 'run-test', jobKey: 'job', stepKey: 'job/0', attempt: 1,
    step: {
      id: 'step', name: options.name ?? 'test step', run: options.run, shell: options.shell,
      workingDirectory: options.workingDirectory ?? workspace, with: {}, timeoutMs: options.timeoutMs,
    },
    env: { ...baseEnv, ...options.env }, path: options.path ?? [], state: options.state ?? {}, contexts: {},
    signal: controller.signal, tempDir, scratchFile: (name) => join(tempDir, `0-1-${name}`), clock: systemClock,
    durable: { sleepUntil: unavailable, waitForSignal: unavailable, requestApproval: unavailable, record: (_name, compute) => compute() },
    dataDir: root,
    // Expressions belong to the engine; these tests hand executors already-evaluated values.
    evaluate: (value) => value,
    evaluateCondition: (_condition, _extra, status) => !status.failed && !status.cancelled,
    log: (stream, text) => logs.push({ stream, text: masks.reduce((t, m) => t.replaceAll(m, '***'), text) }),
    addMask: (value) => masks.push(value),
    mask: (text) => masks.reduce((t, m) => t.replaceAll(m, '***'), text),
    announce: () => undefined,
    runUsage: () => ({ calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, unpricedCalls: 0 }),
    runStartedAt: () => Date.now(),
    logs, masks, controller,
    text: (stream) => logs.filter((l) => stream === undefined || l.stream === stream).map((l) => l.text).join(''),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
