/**
 * The shape of an agent tool, independent of any model SDK: a name, a description and an input
 * schema the model sees, and an `execute` that always answers with text. Failures are answers too
 * (`Error: …`), because the model can read them and try again; only cancellation is thrown.
 */
import { z } from 'zod';
import type { Sandbox } from '../sandbox/sandbox.ts';

/** Where a tool acts. */
export interface ToolContext {
  /** The directory every tool path is relative to; nothing outside it is read or written. */
  workspace: string;
  /** Where run_command runs commands; without one, commands are refused. */
  sandbox?: Sandbox;
  /** Aborting cancels the tool; `execute` then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** One tool the agent can call. */
// `any` by default so tools of different inputs fit one list; each tool's schema checks its input.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface AgentTool<I = any> {
  name: string;
  description: string;
  input: z.ZodType<I>;
  /** True for tools that change the workspace or run commands. */
  mutates: boolean;
  /** Answers with text for the model; failures start with `Error:`; rejects only on cancellation. */
  execute(input: I, ctx: ToolContext): Promise<string>;
}

/** An expected failure whose message is meant for the model (what went wrong, what to do). */
export class ToolFailure extends Error {
  override readonly name = 'ToolFailure';
}

/** What a tool implements; `defineTool` adds validation and turns failures into text. */
export interface ToolSpec<I> {
  name: string;
  description: string;
  input: z.ZodType<I>;
  mutates: boolean;
  run(input: I, ctx: ToolContext): Promise<string>;
}

/** Builds an AgentTool whose `execute` validates its input and never throws but for cancellation. */
export function defineTool<I>(spec: ToolSpec<I>): AgentTool<I> {
  const { run, ...described } = spec;
  return {
    ...described,
    async execute(input: I, ctx: ToolContext): Promise<string> {
      ctx.signal?.throwIfAborted();
      const parsed = spec.input.safeParse(input);
      if (!parsed.success) return `Error: invalid input for ${spec.name}:\n${z.prettifyError(parsed.error)}`;
      try {
        return await run(parsed.data, ctx);
      } catch (error) {
        if (ctx.signal?.aborted) throw ctx.signal.reason;
        return `Error: ${(error as Error).message ?? String(error)}`;
      }
    },
  };
}
