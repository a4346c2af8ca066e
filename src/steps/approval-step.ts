/**
 * `uses: autodevops/approval@v1` — a human approval gate as a step. The run waits (durably: a
 * restart keeps waiting) until an approver runs `autodevops approve <run>` or rejects it.
 *
 * with: approvers (list; empty = anyone), message, timeout (duration; the step fails when it passes).
 * outputs: approved ('true'/'false'), approver, comment.
 */
import type { StepExecutor } from '../engine/ports/step.ts';
import { durationInput, listInput } from './step-inputs.ts';

/** The approval step. */
export const approvalStep: StepExecutor = {
  async execute(ctx) {
    const timeout = durationInput('timeout', ctx.step.with.timeout);
    const approvers = listInput(ctx.step.with.approvers);
    const message = ctx.step.with.message === undefined ? undefined : String(ctx.step.with.message);
    ctx.log('system', `waiting for approval${approvers.length ? ` by ${approvers.join(', ')}` : ''}: autodevops approve ${ctx.runId}\n`);
    const result = await ctx.durable.requestApproval({ approvers, message, until: timeout === undefined ? undefined : ctx.clock.now() + timeout });
    if (result.kind !== 'approval') return { outcome: 'failure', error: 'The approval was not given in time', outputs: { approved: 'false' } };
    const outputs = { approved: String(result.approved), approver: result.by, comment: result.comment ?? '' };
    if (result.approved) return { outcome: 'success', outputs };
    return { outcome: 'failure', outputs, error: `Rejected by ${result.by}${result.comment ? `: ${result.comment}` : ''}` };
  },
};
