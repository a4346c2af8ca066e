import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutodevopsError } from '../core/errors.ts';
import { parseDotenvText, readDotenvFile } from './dotenv.ts';

const parse = (text: string): Record<string, string> => parseDotenvText('--secret-file', '.secrets', text);

function failure(text: string): AutodevopsError {
  try {
    parse(text);
  } catch (e) {
    return e as AutodevopsError;
  }
  throw new Error('expected a parse error');
}

describe('parseDotenvText', () => {
  it('reads KEY=value lines, skipping blanks and comments, with export and spaces around =', () => {
    expect(parse('# comment\n\nA=1\nexport B = two words  \n  C=3 # trailing comment\nD=a#b\nE=\r\nF.G-H=x\n')).toEqual({
      A: '1', B: 'two words', C: '3', D: 'a#b', E: '', 'F.G-H': 'x',
    });
  });

  it('keeps single-quoted values literally and unescapes double-quoted ones', () => {
    expect(parse(`S='a \\n $b "c"' # c\nD="line\\nnext\\t\\"q\\" \\\\ \\x"`)).toEqual({ S: 'a \\n $b "c"', D: 'line\nnext\t"q" \\ \\x' });
  });

  it('reads quoted values spanning lines', () => {
    expect(parse('KEY="-----BEGIN\nabc\n-----END"\nNEXT=1\nS=\'a\nb\'')).toEqual({ KEY: '-----BEGIN\nabc\n-----END', NEXT: '1', S: 'a\nb' });
  });

  it('strips a byte order mark and lets a later line win', () => {
    expect(parse('\uFEFFA=1\nA=2')).toEqual({ A: '2' });
  });

  it('names the file and line of a line that is not KEY=value, without echoing it', () => {
    const e = failure('A=1\n  this is secret\n');
    expect(e.code).toBe('ADO_SECRETS_FILE_UNREADABLE');
    expect(e.message).toBe('--secret-file .secrets: line 2: expected KEY=value (a name of letters, digits and _ . -, then =)');
    expect(e.message).not.toContain('secret\n');
    expect(e.diagnostics).toEqual([{ location: { file: '.secrets', line: 2, column: 3 }, message: 'expected KEY=value (a name of letters, digits and _ . -, then =)' }]);
    expect(failure('1A=x').message).toContain('line 1');
  });

  it('reports an unclosed quote at the line that opened it, and text after a closing quote', () => {
    expect(failure('A=1\nB="open\nstill open').message).toBe('--secret-file .secrets: line 2: the value opened with " on this line is never closed');
    expect(failure("A='x' y").diagnostics[0]!.location).toEqual({ file: '.secrets', line: 1, column: 1 });
    expect(failure('A="x\ny" z').message).toBe('--secret-file .secrets: line 2: unexpected text after the closing quote');
  });
});

describe('readDotenvFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ado-dotenv-'));
    await writeFile(join(dir, '.vars'), 'REGION=eu\n');
    await mkdir(join(dir, 'a-dir'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file relative to the working directory', async () => {
    expect(await readDotenvFile('--var-file', '.vars', dir)).toEqual({ REGION: 'eu' });
  });

  it('names the file and the reason when it cannot be read', async () => {
    await expect(readDotenvFile('--env-file', 'missing.env', dir)).rejects.toMatchObject({
      code: 'ADO_SECRETS_FILE_UNREADABLE', message: '--env-file missing.env: cannot read the file (ENOENT)',
    });
    await expect(readDotenvFile('--env-file', 'a-dir', dir)).rejects.toMatchObject({ message: '--env-file a-dir: cannot read the file (EISDIR)' });
  });
});
