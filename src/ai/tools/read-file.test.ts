import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxFileBytes, maxReadLines, readFileTool } from './read-file.ts';
import { context, tempRepo } from './testing/temp-repo.ts';

let repo: string;
const read = (input: object) => readFileTool.execute(input as never, context(repo));
const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

beforeAll(() => {
  repo = tempRepo({ 'small.txt': 'alpha\nbeta\ngamma\n', 'crlf.txt': 'one\r\ntwo\r\n', 'long.txt': numbered(maxReadLines + 50), 'empty.txt': '', 'wide.txt': `${'x'.repeat(2500)}\nshort\n` });
  writeFileSync(join(repo, 'bin.dat'), Buffer.from([1, 0, 2, 3]));
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('read_file', () => {
  it('shows numbered lines with a header', async () => {
    expect(await read({ path: 'small.txt' })).toBe('small.txt (lines 1-3 of 3):\n1\talpha\n2\tbeta\n3\tgamma');
    expect(await read({ path: 'crlf.txt' })).toBe('crlf.txt (lines 1-2 of 2):\n1\tone\n2\ttwo');
  });

  it('reads a window', async () => {
    expect(await read({ path: 'small.txt', start_line: 2, end_line: 2 })).toBe('small.txt (lines 2-2 of 3):\n2\tbeta');
    expect(await read({ path: 'small.txt', start_line: 2, end_line: 99 })).toBe('small.txt (lines 2-3 of 3):\n2\tbeta\n3\tgamma');
  });

  it(`stops after ${maxReadLines} lines and says how to read on`, async () => {
    const answer = await read({ path: 'long.txt' });
    expect(answer.split('\n')).toHaveLength(maxReadLines + 2);
    expect(answer).toMatch(/\[Stopped at line 1000 of 1050\. Continue with start_line: 1001\.\]$/);
    expect(await read({ path: 'long.txt', start_line: 1001 })).toMatch(/^long\.txt \(lines 1001-1050 of 1050\):\n1001\tline 1001\n/);
  });

  it('stops at the character limit, clipping very long lines', async () => {
    writeFileSync(join(repo, 'wide-many.txt'), `${'y'.repeat(1900)}\n`.repeat(80));
    expect(await read({ path: 'wide-many.txt' })).toMatch(/\[Stopped at line 52 of 80\. Continue with start_line: 53\.\]$/);
    expect(await read({ path: 'wide.txt' })).toContain('… [500 more characters]\n2\tshort');
  });

  it('answers with errors for what cannot be read', async () => {
    expect(await read({ path: 'empty.txt' })).toBe('empty.txt is empty.');
    expect(await read({ path: 'small.txt', start_line: 9 })).toBe('Error: small.txt has 3 lines; start_line 9 is past its end.');
    expect(await read({ path: 'small.txt', start_line: 3, end_line: 2 })).toBe('Error: end_line 2 is before start_line 3.');
    expect(await read({ path: 'missing.txt' })).toMatch(/^Error: missing\.txt does not exist\. Use list_files or glob/);
    expect(await read({ path: '.' })).toBe('Error: . is a directory; use list_files to see what it holds.');
    expect(await read({ path: 'bin.dat' })).toBe('Error: bin.dat is a binary file (4 bytes); it cannot be shown as text.');
    expect(await read({ path: '../x' })).toMatch(/^Error: .*outside the workspace/);
  });

  it('refuses files above the size limit', async () => {
    writeFileSync(join(repo, 'huge.txt'), Buffer.alloc(maxFileBytes + 1, 'a'));
    expect(await read({ path: 'huge.txt' })).toMatch(/^Error: huge\.txt is \d+ bytes, too large to read; use search/);
  });
});
