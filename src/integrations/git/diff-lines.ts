/**
 * Which lines a unified diff shows, with their numbers in the old and new version. Forges accept
 * line comments only on lines their diff shows (GitHub answers 422 otherwise), and GitLab wants
 * both numbers for an unchanged line; this tells which findings can become line comments.
 */

/** One line of a hunk: added (new number only), removed (old only) or unchanged (both). */
export interface DiffLine {
  kind: 'added' | 'removed' | 'context';
  oldLine?: number;
  newLine?: number;
}

/** One file of a diff. `oldPath` equals `newPath` unless the file was renamed. */
export interface FileDiff {
  oldPath: string;
  newPath: string;
  lines: DiffLine[];
}

const hunkHeader = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** The lines of one file's hunks (text from its first `@@`, as GitLab's `diff` field holds it). */
export function hunkLines(diff: string): DiffLine[] {
  const lines: DiffLine[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const text of diff.split('\n')) {
    const header = hunkHeader.exec(text);
    if (header) {
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
    } else if (text.startsWith('+')) lines.push({ kind: 'added', newLine: newLine++ });
    else if (text.startsWith('-')) lines.push({ kind: 'removed', oldLine: oldLine++ });
    else if (text.startsWith(' ')) lines.push({ kind: 'context', oldLine: oldLine++, newLine: newLine++ });
  }
  return lines;
}

/** The files of `git diff` output (run with `--no-color --src-prefix=a/ --dst-prefix=b/`). */
export function fileDiffs(gitDiff: string): FileDiff[] {
  return gitDiff.split(/^(?=diff --git )/m).filter((part) => part.startsWith('diff --git ')).map(fileOf);
}

function fileOf(part: string): FileDiff {
  const start = part.search(/^@@ /m);
  const header = start < 0 ? part : part.slice(0, start);
  const oldPath = pathAfter(header, '--- a/') ?? pathAfter(header, 'rename from ');
  const newPath = pathAfter(header, '+++ b/') ?? pathAfter(header, 'rename to ');
  const fallback = /^diff --git a\/(.*) b\/(.*)$/m.exec(header);
  return {
    oldPath: oldPath ?? newPath ?? fallback?.[1] ?? '',
    newPath: newPath ?? oldPath ?? fallback?.[2] ?? '',
    lines: start < 0 ? [] : hunkLines(part.slice(start)),
  };
}

function pathAfter(header: string, prefix: string): string | undefined {
  const line = header.split('\n').find((l) => l.startsWith(prefix));
  return line === undefined ? undefined : line.slice(prefix.length).replace(/\t$/, '');
}

/** The diff line a comment on `line` of one side lands on, or undefined when the diff does not show it. */
export function lineAt(lines: readonly DiffLine[], side: 'LEFT' | 'RIGHT', line: number): DiffLine | undefined {
  return lines.find((l) => (side === 'RIGHT' ? l.newLine : l.oldLine) === line);
}
