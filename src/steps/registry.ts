/**
 * Picks the executor for a step: `run:` steps, the built-in `autodevops/*` steps, and step kinds
 * registered as JavaScript functions through the programmatic API (matched by `uses: name@ref`).
 */
import type { StepContext, StepExecutor, StepRegistry, StepResult } from '../engine/ports/step.ts';
import { approvalStep } from './approval-step.ts';
import { runStepExecutor } from './run/run-executor.ts';
import { waitStep } from './wait-step.ts';

/** A custom step written as a function; a returned plain object becomes the step's outputs. */
export type StepFunction = (ctx: StepContext) => Promise<StepResult | Record<string, string> | void> | StepResult | Record<string, string> | void;

/** A registry you can add step kinds to. */
export interface MutableStepRegistry extends StepRegistry {
  /** Registers `name` (e.g. `acme/deploy`), used as `uses: acme/deploy@v1`. */
  register(name: string, step: StepExecutor | StepFunction, options?: { repeatSafe?: boolean }): void;
  /** Names of the `uses:` step kinds known. */
  names(): string[];
  /** Adds a resolver consulted (in order added) for `uses:` that no registered name matches (actions). */
  addResolver(resolver: (step: { uses: string }) => StepExecutor | undefined): void;
}

/** `owner/name@ref` → `owner/name` (lower-cased, as GitHub treats action names). */
export function stepKindOf(uses: string): string {
  const at = uses.lastIndexOf('@');
  return (at > 0 ? uses.slice(0, at) : uses).toLowerCase();
}

function fromFunction(fn: StepFunction, repeatSafe: boolean): StepExecutor {
  return {
    repeatSafe,
    async execute(ctx) {
      const value = await fn(ctx);
      if (value && typeof value === 'object' && 'outcome' in value && (value.outcome === 'success' || value.outcome === 'failure')) return value as StepResult;
      return { outcome: 'success', outputs: (value ?? {}) as Record<string, string> };
    },
  };
}

/** The default registry: `run:`, `autodevops/approval`, `autodevops/wait`, plus what you register. */
export function createStepRegistry(): MutableStepRegistry {
  const kinds = new Map<string, StepExecutor>([
    ['autodevops/approval', approvalStep],
    ['autodevops/wait', waitStep],
  ]);
  const resolvers: Array<(step: { uses: string }) => StepExecutor | undefined> = [];
  return {
    resolve(step) {
      if (step.run !== undefined) return runStepExecutor;
      if (step.uses === undefined) return undefined;
      const uses = step.uses;
      return kinds.get(stepKindOf(uses)) ?? resolvers.reduce<StepExecutor | undefined>((found, r) => found ?? r({ uses }), undefined);
    },
    addResolver: (resolver) => void resolvers.push(resolver),
    register(name, step, options = {}) {
      const executor = typeof step === 'function' ? fromFunction(step, options.repeatSafe ?? true) : step;
      kinds.set(name.toLowerCase(), executor);
    },
    names: () => [...kinds.keys()].sort(),
  };
}
