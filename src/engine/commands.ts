/**
 * Commands from outside a run's owner — cancel, approve, signal, decide. They are checked against
 * the run's view when given (bad input never reaches the history) and applied by the owner.
 */
import { AutodevopsError } from '../core/errors.ts';
import type { WaitResult } from '../core/events.ts';
import { StepFailure } from '../core/failure.ts';
import type { RunView } from '../core/views.ts';
import type { RunCommand } from './ports/store.ts';
import type { RunExecution } from './run-execution.ts';
import { openWaitsOf } from './run-state.ts';

/** Throws an AutodevopsError when the command does not fit the run's current state. */
export function validateCommand(view: RunView, type: RunCommand['type'], data: Record<string, unknown>): void {
  const state = (why: string, hint?: string): never => {
    throw new AutodevopsError('ADO_RUN_STATE', `run ${view.id}: ${why}`, hint === undefined ? {} : { hint });
  };
  if (view.status === 'completed') state(`it already completed (${view.conclusion})`);
  if (type === 'approve') validateApproval(view, String(data.by ?? ''), state);
  if (type === 'signal' && !openSteps(view).some((s) => s.waitingFor?.kind === 'signal' && s.waitingFor.signal === data.name)) {
    state(`no step is waiting for the signal "${String(data.name)}"`);
  }
  if (type === 'decide' && !view.needsDecision) state('no step is waiting for a decision');
}

function openSteps(view: RunView): RunView['jobs'][number]['steps'] {
  return view.jobs.flatMap((j) => j.steps).filter((s) => s.waitingFor);
}

function validateApproval(view: RunView, by: string, state: (why: string, hint?: string) => never): void {
  const gates = [...openSteps(view).map((s) => s.waitingFor!), ...view.jobs.map((j) => j.waitingFor).filter((w) => w !== undefined)].filter((w) => w.kind === 'approval');
  if (gates.length === 0) state('nothing is waiting for an approval');
  const approvers = gates[0]!.approvers ?? [];
  if (approvers.length > 0 && !approvers.includes(by)) {
    throw new AutodevopsError('ADO_APPROVAL_DENIED', `run ${view.id}: "${by || '(unknown user)'}" may not decide this approval; approvers: ${approvers.join(', ')}`);
  }
}

/** Turns a command into history events on the owning execution. */
export function applyCommand(x: RunExecution, c: RunCommand, completeWait: (key: string, result: WaitResult) => void): void {
  if (c.type === 'cancel') {
    if (x.state.cancelRequested !== undefined || x.state.status === 'completed') return;
    x.emit({ type: 'run.cancel-requested', reason: String(c.data.reason ?? 'cancelled') });
    for (const controller of x.inflight.values()) controller.abort(new StepFailure('cancelled', 'The run was cancelled'));
    // Waits end at once: a cancelled run does not wait for people or timers.
    for (const w of openWaitsOf(x.state)) completeWait(w.key, { kind: 'timeout' });
    return;
  }
  if (c.type === 'approve') {
    const gate = openWaitsOf(x.state).find((w) => w.kind === 'approval');
    if (gate) completeWait(gate.key, { kind: 'approval', approved: c.data.approve === true, by: String(c.data.by ?? ''), comment: c.data.comment as string | undefined });
    return;
  }
  if (c.type === 'signal') {
    for (const w of openWaitsOf(x.state)) if (w.kind === 'signal' && w.signal === c.data.name) completeWait(w.key, { kind: 'signal', payload: c.data.payload });
    return;
  }
  if (x.state.needsDecision) x.emit({ type: 'run.decision', stepKey: x.state.needsDecision.stepKey, action: c.data.action as 'retry' | 'skip' | 'fail', by: String(c.data.by ?? '') });
}
