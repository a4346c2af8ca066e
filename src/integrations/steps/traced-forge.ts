/**
 * Forge calls made by a step are announced like an agent's tool calls, so traces show them as TOOL
 * spans under the step (run → job → step → forge call), with masked arguments and results.
 */
import type { Forge } from '../../engine/ports/forge.ts';
import type { StepContext } from '../../engine/ports/step.ts';

/** `forge` with every method call announced on `ctx` as a `forge.<method>` tool call. */
export function tracedForge(forge: Forge, ctx: StepContext): Forge {
  let calls = 0;
  return new Proxy(forge, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const callId = `forge-${++calls}`;
        const startedAt = ctx.clock.now();
        const announce = (fields: { output?: string; error?: string }): void => ctx.announce({
          kind: 'tool-call',
          call: {
            runId: ctx.runId, stepKey: ctx.stepKey, attempt: ctx.attempt, callId, startedAt, completedAt: ctx.clock.now(),
            name: `forge.${String(prop)}`, description: `${target.kind} API call`, input: ctx.mask(JSON.stringify(args[0] ?? {})), ...fields,
          },
        });
        try {
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          announce({ output: ctx.mask(JSON.stringify(result ?? null)) });
          return result;
        } catch (error) {
          announce({ error: ctx.mask((error as Error).message) });
          throw error;
        }
      };
    },
  });
}
