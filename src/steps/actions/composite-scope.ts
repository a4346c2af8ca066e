/**
 * What the steps inside one composite action share, and the StepContext each of them gets: the
 * composite's `inputs`, its own `steps` context, the `env` context grown by `$GITHUB_ENV`, PATH
 * additions, and `github.action_path`. Nested steps log to the composite step's log and stop with
 * its signal; their expressions are evaluated by the enclosing context with these values on top.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedStep, StepContext, StepResult } from '../../engine/ports/step.ts';
import type { LoadedAction } from './action-manifest.ts';
import { actionVariables } from './node-action-executor.ts';

/** One nested step's entry in the composite's `steps` context. */
export interface NestedStepStatus {
  outputs: Record<string, string>;
  outcome: 'success' | 'failure' | 'skipped';
  conclusion: 'success' | 'failure' | 'skipped';
}

/** The composite's running state. */
export class CompositeScope {
  readonly action: LoadedAction;
  readonly parent: StepContext;
  readonly inputs: Record<string, string>;
  readonly steps: Record<string, NestedStepStatus> = {};
  /** `$GITHUB_ENV` written by nested steps so far; passed on to the caller's later steps. */
  readonly env: Record<string, string> = {};
  /** `$GITHUB_PATH` additions so far, most recent first. */
  readonly path: string[] = [];
  readonly depth: number;
  failed = false;

  constructor(parent: StepContext, action: LoadedAction, inputs: Record<string, string>, depth: number) {
    this.parent = parent;
    this.action = action;
    this.inputs = inputs;
    this.depth = depth;
  }

  /** The expression contexts nested steps see on top of the enclosing ones. */
  expressionValues(): Record<string, unknown> {
    const github = (this.parent.contexts.github ?? {}) as Record<string, unknown>;
    const env = { ...((this.parent.contexts.env ?? {}) as Record<string, unknown>), ...this.env };
    return {
      inputs: this.inputs, steps: this.steps, env,
      github: { ...github, action_path: this.action.dir, action_repository: this.action.repository, action_ref: this.action.ref },
    };
  }

  /** Takes in what a nested step reported to later steps: env, PATH. */
  absorb(result: StepResult): void {
    Object.assign(this.env, result.env);
    for (const p of [...(result.path ?? [])].reverse()) {
      const seen = this.path.indexOf(p);
      if (seen >= 0) this.path.splice(seen, 1);
      this.path.unshift(p);
    }
  }

  /** The context of nested step `index`: `step` resolved, `stepEnv` its own `env:` evaluated, `state` for a post phase. */
  contextFor(index: number, step: ResolvedStep, stepEnv: Record<string, string>, state: Record<string, string> = {}): StepContext {
    const parent = this.parent;
    const values = this.expressionValues();
    let tempDir: string | undefined;
    const nested: StepContext = {
      ...parent,
      step, state,
      env: { ...parent.env, ...this.env, ...actionVariables(this.action), ...stepEnv },
      path: [...this.path, ...parent.path],
      contexts: { ...parent.contexts, ...values, env: { ...(values.env as Record<string, unknown>), ...stepEnv } },
      get tempDir() {
        if (tempDir === undefined) {
          tempDir = join(parent.tempDir, `composite-${index}`);
          mkdirSync(tempDir, { recursive: true });
        }
        return tempDir;
      },
      scratchFile: (name) => parent.scratchFile(`composite-${index}-${name}`),
      evaluate: (value, extra) => parent.evaluate(value, { ...values, ...extra }),
      evaluateCondition: (condition, extra, status) => parent.evaluateCondition(condition, { ...values, ...extra }, status),
    };
    compositeDepths.set(nested, this.depth);
    return nested;
  }
}

const compositeDepths = new WeakMap<StepContext, number>();

/** How many composites enclose the step of `ctx` (0 for a step of the job itself). */
export function compositeDepthOf(ctx: StepContext): number {
  return compositeDepths.get(ctx) ?? 0;
}
