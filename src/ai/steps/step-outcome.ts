/**
 * How a session that did not finish becomes a step result: a budget, a loop or invalid output each
 * fail the step with a message that says which and what was spent, and the summary says it too.
 */
import { AutodevopsError } from '../../core/errors.ts';
import type { StepContext, StepResult } from '../../engine/ports/step.ts';
import type { AgentOutcome } from '../agent/agent-loop.ts';
import { spentText } from './session.ts';

const titles = { budget: 'Budget spent', loop: 'Stopped: the agent was repeating itself', 'invalid-output': 'Stopped: unusable model output' } as const;

/** The failed result of a session that ended without an answer. */
export function endedEarly(ctx: StepContext, what: string, outcome: Exclude<AgentOutcome<unknown>, { kind: 'finished' }>, extra: { outputs?: Record<string, string>; summary?: string } = {}): StepResult {
  const message = `${what}: ${outcome.reason} (${spentText(outcome.spent)})`;
  ctx.log('stderr', `${message}\n`);
  if (outcome.kind === 'invalid-output') throw new AutodevopsError('ADO_AI_OUTPUT_INVALID', message);
  return {
    outcome: 'failure', error: message,
    outputs: { outcome: outcome.kind, ...extra.outputs },
    summary: `### ${titles[outcome.kind]}\n\n${message}.\n${extra.summary ?? ''}${outcome.lastText ? `\nLast words of the model:\n\n> ${outcome.lastText.slice(0, 500).replaceAll('\n', '\n> ')}\n` : ''}`,
  };
}
