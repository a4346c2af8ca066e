/**
 * `autodevops/post-review@v1`: posts `autodevops/review` findings on a pull (merge) request as one
 * review — line comments where the diff shows the line, the rest with the summary in the review's
 * body. When the forge still refuses a line (GitHub answers 422 for a line it cannot place), the
 * whole review is posted as that one summary instead, so no finding is lost.
 *
 * Inputs: `number` (required; e.g. `${{ steps.pr.outputs.number }}`), `findings` (the review
 * step's JSON), `summary`, `commit` (default: `branch`, else HEAD), `branch`, `base` (compute the
 * diff locally against it, so findings outside it go to the summary first), and the target inputs
 * of forge-target.ts. Outputs: `url`, `line-comments`, `summary-findings`, `fallback`.
 */
import type { StepContext, StepExecutor, StepResult } from '../../engine/ports/step.ts';
import type { Forge, PostedRef, RepoRef } from '../../engine/ports/forge.ts';
import { isAutodevopsError } from '../../core/errors.ts';
import { fileDiffs } from '../git/diff-lines.ts';
import { commitOf, pullRequestDiff } from '../git/repo-info.ts';
import type { ForgeConnector } from './forge-connection.ts';
import { failed, resolveTarget } from './forge-target.ts';
import { lineComment, parseFindings, reviewBody, splitFindings, type Finding } from './review-findings.ts';
import { invalidInput, numberInput, textInput } from './step-inputs.ts';

const name = 'autodevops/post-review';

/** The post-review step. */
export function postReviewStep(connector: ForgeConnector): StepExecutor {
  // Posting twice would duplicate every comment: the posting is recorded once, and an attempt cut off mid-way waits for a person.
  return { repeatSafe: false, execute: (ctx) => run(ctx, connector).catch((error: unknown) => failed(error, 'Review not posted')) };
}

interface Posted {
  url: string;
  lineComments: number;
  summaryFindings: number;
  fallback: boolean;
}

async function run(ctx: StepContext, connector: ForgeConnector): Promise<StepResult> {
  const inputs = ctx.step.with;
  const number = numberInput(name, inputs, 'number', { required: true })!;
  const parsed = parseFindings(textInput(name, inputs, 'findings') ?? '[]');
  if ('problem' in parsed) throw invalidInput(name, 'findings', parsed.problem);
  const summary = textInput(name, inputs, 'summary');
  const target = await resolveTarget(name, ctx, connector);
  const commit = await commitOf(target.repoDir, textInput(name, inputs, 'commit') ?? textInput(name, inputs, 'branch') ?? 'HEAD');
  const base = textInput(name, inputs, 'base');
  const diff = base === undefined ? undefined : fileDiffs(await pullRequestDiff(target.repoDir, base, commit));
  const review = { forge: target.connection.forge, repo: target.repo, number, commit };
  const posted = await ctx.durable.record('review', () => post(review, parsed.findings, summary, diff, ctx));
  if (!posted) return { outcome: 'success', outputs: { url: '', 'line-comments': '0', 'summary-findings': '0', fallback: 'false' }, summary: '### Review\n\nNothing to post.\n' };
  ctx.log('stdout', `posted the review on #${number}: ${posted.lineComments} line comment(s), ${posted.summaryFindings} finding(s) in the summary: ${posted.url}\n`);
  const outputs = { url: posted.url, 'line-comments': String(posted.lineComments), 'summary-findings': String(posted.summaryFindings), fallback: String(posted.fallback) };
  return { outcome: 'success', outputs, summary: `### Review posted\n\n[${posted.lineComments} line comment(s), ${posted.summaryFindings} finding(s) in the summary](${posted.url})${posted.fallback ? ' — the forge refused the line comments, so every finding is in the summary' : ''}.\n` };
}

interface ReviewTarget {
  forge: Forge;
  repo: RepoRef;
  number: number;
  commit: string;
}

async function post(target: ReviewTarget, findings: Finding[], summary: string | undefined, diff: ReturnType<typeof fileDiffs> | undefined, ctx: StepContext): Promise<Posted | undefined> {
  const { onLines, outside } = splitFindings(findings, diff);
  const send = (comments: Finding[], rest: Finding[]): Promise<PostedRef | undefined> => target.forge.reviewComments({
    repo: target.repo, number: target.number, commitSha: target.commit, comments: comments.map(lineComment).map((c) => ({ ...c, body: ctx.mask(c.body) })),
    ...maskedBody(reviewBody(summary, rest), ctx),
  });
  try {
    const ref = await send(onLines, outside);
    return ref && { url: ref.url, lineComments: onLines.length, summaryFindings: outside.length, fallback: false };
  } catch (error) {
    if (!isAutodevopsError(error) || error.code !== 'ADO_FORGE_REFUSED' || onLines.length === 0) throw error;
    ctx.log('stderr', `the forge refused the line comments (${error.message}); posting every finding in the summary\n`);
    const ref = await send([], findings);
    return ref && { url: ref.url, lineComments: 0, summaryFindings: findings.length, fallback: true };
  }
}

function maskedBody(body: string | undefined, ctx: StepContext): { body?: string } {
  return body === undefined ? {} : { body: ctx.mask(body) };
}
