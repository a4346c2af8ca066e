/**
 * `autodevops/review` findings (its `findings` output, a JSON list) as forge review comments: a
 * line comment for each finding on a line the pull request's diff shows, and the rest in the
 * review's body, since forges refuse comments on lines outside the diff.
 */
import { z } from 'zod';
import type { LineComment } from '../../engine/ports/forge.ts';
import { lineAt, type FileDiff } from '../git/diff-lines.ts';

const Finding = z.object({
  file: z.string().min(1),
  line: z.number().int().positive(),
  severity: z.string().min(1),
  message: z.string(),
  suggestion: z.string().default(''),
});

/** One finding of the review step. */
export type Finding = z.infer<typeof Finding>;

/** The findings in `text`, or the problem that makes it unreadable. */
export function parseFindings(text: string): { findings: Finding[] } | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problem: 'is not JSON: pass the review step\'s findings output, e.g. ${{ steps.review.outputs.findings }}' };
  }
  const parsed = z.array(Finding).safeParse(raw);
  if (parsed.success) return { findings: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { problem: `is not a list of findings: [${issue.path.join('.')}] ${issue.message}` };
}

/** Findings the diff shows a line for, and the others; with no diff known, every finding is tried as a line comment. */
export function splitFindings(findings: readonly Finding[], diff: readonly FileDiff[] | undefined): { onLines: Finding[]; outside: Finding[] } {
  const shown = (f: Finding): boolean => {
    const file = diff?.find((d) => d.newPath === f.file);
    return diff === undefined || (file !== undefined && lineAt(file.lines, 'RIGHT', f.line) !== undefined);
  };
  return { onLines: findings.filter(shown), outside: findings.filter((f) => !shown(f)) };
}

function described(f: Finding): string {
  return `**${f.severity}**: ${f.message}${f.suggestion ? `\n\nSuggestion: ${f.suggestion}` : ''}`;
}

/** A line comment for a finding. */
export function lineComment(f: Finding): LineComment {
  return { path: f.file, line: f.line, body: described(f) };
}

/** The review's body: the summary, then the findings that could not be placed on lines. */
export function reviewBody(summary: string | undefined, outside: readonly Finding[]): string | undefined {
  const parts = [summary?.trim() ? `### autodevops review\n\n${summary.trim()}` : undefined];
  if (outside.length) parts.push(`#### Findings outside the diff\n\n${outside.map((f) => `- \`${f.file}:${f.line}\` ${described(f).replaceAll('\n\n', ' ')}`).join('\n')}`);
  const text = parts.filter((p) => p !== undefined).join('\n\n');
  return text === '' ? undefined : text;
}
