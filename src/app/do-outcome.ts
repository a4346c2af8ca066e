/**
 * The one explicit outcome of an `autodevops do` run, read from its final view: a branch whose
 * tests pass (with a summary), a branch with the failing evidence, a clarification request, or an
 * error that says why.
 */
import type { DoOutcome } from '../app-api.ts';
import type { RunView, StepView } from '../core/views.ts';

function stepOf(view: RunView, id: string): StepView | undefined {
  return view.jobs.flatMap((j) => j.steps).find((s) => s.id === id);
}

function firstError(view: RunView): string {
  const failed = view.jobs.flatMap((j) => j.steps).find((s) => s.conclusion === 'failure' || (s.error && s.outcome === 'failure'));
  return failed?.error ?? view.jobs.find((j) => j.error)?.error ?? 'the run failed without a step error';
}

/** The outcome of a finished `do` run. */
export function doOutcome(view: RunView): DoOutcome {
  if (view.status !== 'completed') return { kind: 'unfinished', reason: view.needsDecision?.reason ?? `the run is ${view.status}; continue it with \`autodevops resume ${view.id}\`` };
  const [plan, code, fix, review, pr] = ['plan', 'code', 'fix', 'review', 'pr'].map((id) => stepOf(view, id));
  const question = plan?.outputs.clarification || code?.outputs.clarification;
  if (question) return { kind: 'clarification', question };
  const branch = code?.outputs.branch;
  if (!branch) return { kind: 'error', reason: firstError(view) };
  if (code.outputs.outcome !== 'done') return { kind: 'failing-branch', branch, reason: code.error ?? 'the change is unfinished', evidence: code.outputs.summary || 'partial work, if any, is committed on the branch' };
  // The fix step runs the tests first and patches only when they fail.
  const testsRun = fix !== undefined && fix.status === 'completed' && fix.conclusion !== 'skipped';
  const passed = !testsRun || fix.outputs.passed === 'true';
  if (!passed) return { kind: 'failing-branch', branch, reason: fix.error ?? 'the tests fail', evidence: fix.outputs.evidence ?? '' };
  const summary = [code.outputs.summary, review?.outputs.summary && `Review: ${review.outputs.summary}`].filter(Boolean).join('\n');
  if (pr && pr.conclusion === 'failure') return { kind: 'failing-branch', branch, reason: `the pull request could not be opened: ${pr.error ?? 'see the run'}`, evidence: summary };
  return { kind: 'passing-branch', branch, summary, testsRun, ...(pr?.outputs.url && { pullRequest: pr.outputs.url }) };
}
