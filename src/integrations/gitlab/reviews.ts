/**
 * Review comments on GitLab: one thread (discussion) per line, placed with a diff position — the
 * merge request's base and start commits, the reviewed head commit, the old and new path, and the
 * line numbers GitLab wants (new line for an added line, old for a removed one, both for an
 * unchanged one) — after an overview thread holding the review's body. Every position is checked
 * against the merge request's diff before anything is posted, so a review either posts whole or
 * is refused, as GitHub's is.
 */
import type { DiscussionNotePositionOptions } from '@gitbeaker/rest';
import { AutodevopsError } from '../../core/errors.ts';
import type { IssueRef, LineComment, PostedRef } from '../../engine/ports/forge.ts';
import { hunkLines, lineAt, type DiffLine } from '../git/diff-lines.ts';
import type { GitLabApi } from './client.ts';
import { projectPath } from './merge-requests.ts';

/** What `reviewComments` receives. */
export type ReviewInput = IssueRef & { commitSha: string; comments: LineComment[]; body?: string };

/** gitbeaker's position type; line numbers travel as form fields, hence text. */
type Position = DiscussionNotePositionOptions & { positionType: 'text' };

interface FileLines {
  oldPath: string;
  lines: DiffLine[];
}

/** Posts the review; `undefined` when there is nothing to post. */
export async function postReview(api: GitLabApi, input: ReviewInput): Promise<PostedRef | undefined> {
  if (input.comments.length === 0 && !input.body) return undefined;
  const project = projectPath(input.repo);
  const mr = await api.mergeRequests.show(project, input.number);
  const diff = input.comments.length > 0 ? await diffOf(api, project, input.number) : new Map<string, FileLines>();
  const refs = mr.diff_refs as { base_sha?: string; start_sha?: string } | undefined;
  const shas = { baseSha: refs?.base_sha ?? input.commitSha, startSha: refs?.start_sha ?? refs?.base_sha ?? input.commitSha, headSha: input.commitSha };
  const positions = input.comments.map((c) => positionOf(c, diff, shas, input));
  const ids: number[] = [];
  if (input.body) ids.push(await startThread(api, project, input.number, input.body));
  for (const [i, comment] of input.comments.entries()) ids.push(await startThread(api, project, input.number, comment.body, positions[i]));
  return { id: ids[0]!, url: `${mr.web_url}#note_${ids[0]}` };
}

async function startThread(api: GitLabApi, project: string, iid: number, body: string, position?: Position): Promise<number> {
  const discussion = await api.mergeRequestDiscussions.create(project, iid, body, position ? { position } : {});
  return (discussion.notes?.[0]?.id ?? 0) as number;
}

/** The merge request's changed files by new path (GitLab computes the diff after a push, so it may still be empty). */
async function diffOf(api: GitLabApi, project: string, iid: number): Promise<Map<string, FileLines>> {
  const files = await api.mergeRequests.allDiffs(project, iid, { perPage: 100, maxPages: 30 });
  return new Map(files.map((f) => [f.new_path, { oldPath: f.old_path, lines: hunkLines(f.diff) }]));
}

function positionOf(comment: LineComment, diff: Map<string, FileLines>, shas: { baseSha: string; startSha: string; headSha: string }, input: ReviewInput): Position {
  const side = comment.side ?? 'RIGHT';
  const base = { positionType: 'text' as const, ...shas, newPath: comment.path };
  // An empty diff means GitLab has not computed it yet: place the line as written and let GitLab judge.
  if (diff.size === 0) return { ...base, oldPath: comment.path, ...(side === 'RIGHT' ? { newLine: String(comment.line) } : { oldLine: String(comment.line) }) };
  const file = diff.get(comment.path);
  const line = file && lineAt(file.lines, side, comment.line);
  if (!file || !line) {
    throw new AutodevopsError('ADO_FORGE_REFUSED', `Cannot comment on ${comment.path}:${comment.line} (${side}) in ${projectPath(input.repo)}!${input.number}: the merge request's diff does not show that line.`, {
      hint: 'Comment only on lines the diff shows, or put the remark in the review body.',
    });
  }
  return { ...base, oldPath: file.oldPath, ...(line.oldLine === undefined ? {} : { oldLine: String(line.oldLine) }), ...(line.newLine === undefined ? {} : { newLine: String(line.newLine) }) };
}
