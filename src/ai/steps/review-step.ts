/**
 * `autodevops/review@v1`: reviews the diff of a branch against its base and reports findings with
 * file, line, severity and suggestion; optionally fails on blocking findings.
 *
 * Inputs: `base` (default `HEAD~1`), `fail-on` (`blocking` (default), `major`, `never`), model
 * inputs and budgets. Outputs: `findings` (JSON list), `blocking` (count), `summary`.
 */
import { z } from 'zod';
import type { StepContext, StepExecutor, StepResult } from '../../engine/ports/step.ts';
import { diff } from '../git/worktree.ts';
import type { AiRuntime } from './ai-runtime.ts';
import { reviewSystem } from './prompts.ts';
import { runSession, stepLimits } from './session.ts';
import { choiceInput, textInput, repositoryInput } from './step-inputs.ts';
import { endedEarly } from './step-outcome.ts';

const name = 'autodevops/review';
const severities = ['blocking', 'major', 'minor', 'nit'] as const;

const Finding = z.object({
  file: z.string().describe('Path of the file, relative to the repository root.'),
  line: z.number().int().describe('Line number in the new version of the file.'),
  severity: z.enum(severities),
  message: z.string().describe('What is wrong.'),
  suggestion: z.string().describe('A concrete change that fixes it.'),
});
const ReviewAnswer = z.object({ summary: z.string().describe('The overall verdict in one or two sentences.'), findings: z.array(Finding) });

/** A review finding. */
export type ReviewFinding = z.infer<typeof Finding>;

/** The review step. */
export function reviewStep(runtime: AiRuntime): StepExecutor {
  return { repeatSafe: true, execute: (ctx) => review(ctx, runtime) };
}

const maxDiffChars = 60_000;

async function review(ctx: StepContext, runtime: AiRuntime): Promise<StepResult> {
  const inputs = ctx.step.with;
  const repo = repositoryInput(name, inputs, ctx.step.workingDirectory);
  const base = textInput(name, inputs, 'base') ?? 'HEAD~1';
  const failOn = choiceInput(name, inputs, 'fail-on', ['blocking', 'major', 'never'] as const, 'blocking');
  const patch = await diff(repo, { base });
  if (patch.trim() === '') return { outcome: 'success', outputs: { findings: '[]', blocking: '0', summary: 'Nothing to review: the diff is empty.' } };
  const shown = patch.length > maxDiffChars ? `${patch.slice(0, maxDiffChars)}\n[diff truncated: read the files for the rest]` : patch;
  const outcome = await runSession(ctx, await runtime.model(ctx), {
    session: 'review', system: reviewSystem, tools: runtime.tools('read', repo, undefined, ctx.signal), task: `Review this diff against ${base}:\n\n${shown}`,
    finish: { description: 'Return the review.', input: ReviewAnswer }, limits: stepLimits(ctx, runtime, name, inputs),
  });
  if (outcome.kind !== 'finished') return endedEarly(ctx, 'review', outcome);
  const { findings, summary } = outcome.result;
  const failing = findings.filter((f) => f.severity === 'blocking' || (failOn === 'major' && f.severity === 'major'));
  const outputs = { findings: JSON.stringify(findings), blocking: String(findings.filter((f) => f.severity === 'blocking').length), summary };
  for (const f of findings) ctx.log('stdout', `${f.file}:${f.line}: ${f.severity}: ${f.message}\n`);
  const annotations = findings.map((f) => ({ level: f.severity === 'blocking' ? 'error' as const : f.severity === 'major' ? 'warning' as const : 'notice' as const, message: `${f.message} Suggestion: ${f.suggestion}`, file: f.file, line: f.line }));
  const result: StepResult = { outcome: 'success', outputs, annotations, summary: reviewMarkdown(summary, findings) };
  if (failOn !== 'never' && failing.length > 0) return { ...result, outcome: 'failure', error: `the review found ${failing.length} ${failOn === 'major' ? 'blocking or major' : 'blocking'} finding(s)` };
  return result;
}

function reviewMarkdown(summary: string, findings: ReviewFinding[]): string {
  const rows = findings.map((f) => `| ${f.severity} | \`${f.file}:${f.line}\` | ${f.message.replaceAll('|', '\\|')} | ${f.suggestion.replaceAll('|', '\\|')} |`);
  return `### Review\n\n${summary}\n\n${rows.length ? `| severity | where | finding | suggestion |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n` : 'No findings.\n'}`;
}
