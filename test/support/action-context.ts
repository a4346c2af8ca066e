/**
 * A StepContext for action tests that evaluates expressions for real (GitHub's evaluator, as the
 * engine does), with a workspace and the runner variables actions read.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateCondition, evaluateValue } from '../../src/dsl/expressions/index.ts';
import type { TemplateValue } from '../../src/dsl/model.ts';
import { createTestStepContext, type TestStepContext, type TestStepOptions } from '../../src/steps/run/testing/step-context.ts';

/** Options beyond the run/ test context's. */
export interface ActionContextOptions extends TestStepOptions {
  uses?: string;
  with?: Record<string, unknown>;
  /** Expression contexts (`github`, `env`, …); `github.workspace` is filled in. */
  contexts?: Record<string, unknown>;
}

/** A test context whose `evaluate` and `evaluateCondition` work; `GITHUB_WORKSPACE` is its workspace. */
export async function createActionContext(options: ActionContextOptions = {}): Promise<TestStepContext & { workspace: string }> {
  const base = await createTestStepContext(options);
  const workspace = base.step.workingDirectory;
  const runnerTemp = join(base.tempDir, '..', 'runner-temp');
  mkdirSync(runnerTemp, { recursive: true });
  const given = options.contexts ?? {};
  const contexts: Record<string, unknown> = {
    ...given, github: { workspace, actor: 'tester', ...(given.github as object) }, env: { ...(given.env as object) }, runner: { os: 'Linux', temp: runnerTemp },
  };
  const ctx = Object.assign(base, {
    workspace, contexts,
    env: { ...base.env, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp, ...(options.env ?? {}) },
    step: { ...base.step, uses: options.uses, with: options.with ?? {} },
    evaluate: (value: unknown, extra?: Record<string, unknown>) => evaluateValue(value as TemplateValue, { ...contexts, ...extra }),
    evaluateCondition: (condition: string, extra: Record<string, unknown> | undefined, status: { failed: boolean; cancelled: boolean }) =>
      evaluateCondition(condition, { ...contexts, ...extra }, status),
  });
  return ctx;
}
