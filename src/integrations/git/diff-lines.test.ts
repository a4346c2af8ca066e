import { describe, expect, it } from 'vitest';
import { fileDiffs, hunkLines, lineAt } from './diff-lines.ts';

const gitDiff = [
  'diff --git a/src/app.txt b/src/app.txt', 'index 1..2 100644', '--- a/src/app.txt', '+++ b/src/app.txt',
  '@@ -1,3 +1,3 @@', ' one', '-two', '+TWO', ' three', '@@ -10,2 +10,3 @@', ' ten', '+ten and a half', ' eleven',
  'diff --git a/old name.txt b/new name.txt', 'similarity index 100%', 'rename from old name.txt', 'rename to new name.txt',
  'diff --git a/gone.txt b/gone.txt', 'deleted file mode 100644', '--- a/gone.txt', '+++ /dev/null', '@@ -1 +0,0 @@', '-bye',
  'diff --git a/bin.png b/bin.png', 'Binary files a/bin.png and b/bin.png differ', '',
].join('\n');

describe('diff lines', () => {
  it('numbers added, removed and unchanged lines on both sides', () => {
    expect(hunkLines('@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n\\ No newline at end of file')).toEqual([
      { kind: 'context', oldLine: 1, newLine: 1 }, { kind: 'removed', oldLine: 2 }, { kind: 'added', newLine: 2 }, { kind: 'context', oldLine: 3, newLine: 3 },
    ]);
  });

  it('reads every file of git diff output, renames and deletions included', () => {
    const files = fileDiffs(gitDiff);
    expect(files.map((f) => [f.oldPath, f.newPath, f.lines.length])).toEqual([['src/app.txt', 'src/app.txt', 7], ['old name.txt', 'new name.txt', 0], ['gone.txt', 'gone.txt', 1], ['bin.png', 'bin.png', 0]]);
    expect(lineAt(files[0]!.lines, 'RIGHT', 11)).toEqual({ kind: 'added', newLine: 11 });
    expect(lineAt(files[0]!.lines, 'LEFT', 2)).toEqual({ kind: 'removed', oldLine: 2 });
    expect(lineAt(files[0]!.lines, 'RIGHT', 5)).toBeUndefined();
  });
});
