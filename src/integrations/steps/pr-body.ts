/**
 * The body of a pull request autodevops opens: the author's text, the summary of the change, the
 * test evidence (folded, in a fence no backticks inside can close), and where it came from — the
 * run, with a link when autodevops knows its own address, the branch and the commit.
 */

/** What the body is made of. */
export interface PullRequestBodyParts {
  text?: string;
  summary?: string;
  tests?: string;
  runId: string;
  /** The run's page, when known. */
  runUrl?: string;
  branch: string;
  sha: string;
}

/** GitHub keeps 65,536 characters of a body; stay under it with room for the footer. */
const maxSection = 20_000;

function cut(text: string): string {
  return text.length <= maxSection ? text : `${text.slice(0, maxSection)}\n… (${text.length - maxSection} more characters in the run's logs)`;
}

/** A code fence longer than any run of backticks in `text`. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${text}\n${fence}`;
}

/** The Markdown body. */
export function pullRequestBody(parts: PullRequestBodyParts): string {
  const sections: string[] = [];
  if (parts.text) sections.push(cut(parts.text.trim()));
  if (parts.summary) sections.push(`## Summary\n\n${cut(parts.summary.trim())}`);
  if (parts.tests) sections.push(`## Test evidence\n\n<details><summary>Test output</summary>\n\n${fenced(cut(parts.tests.trimEnd()))}\n\n</details>`);
  const run = parts.runUrl ? `[${parts.runId}](${parts.runUrl})` : `\`${parts.runId}\` (\`autodevops show ${parts.runId}\`)`;
  sections.push(`---\nOpened by autodevops run ${run} from branch \`${parts.branch}\` at ${parts.sha.slice(0, 12)}.`);
  return `${sections.join('\n\n')}\n`;
}
