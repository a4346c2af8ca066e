import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateTemplate, hashFiles, isExpressionError } from './index.ts';

let ws: string;
let outside: string;

const files: Record<string, string> = {
  'package.json': '{"name":"root"}',
  'a.txt': 'a',
  'b.txt': 'b',
  'a/x.txt': 'x',
  'a/b/y.lock': 'y',
  '.hidden/z.lock': 'z',
  'node_modules/m/package.json': '{"name":"m"}',
  'big.bin': 'q'.repeat(200_000),
};

/** The runner's algorithm, written out: SHA-256 over the concatenated SHA-256 of each file, in order. */
function expected(...names: string[]): string {
  const result = createHash('sha256');
  for (const name of names) result.update(createHash('sha256').update(fs.readFileSync(path.join(ws, name))).digest());
  return result.digest('hex');
}

beforeAll(() => {
  ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ado-hash-ws-')));
  outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ado-hash-out-')));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(ws, name)), { recursive: true });
    fs.writeFileSync(path.join(ws, name), content);
  }
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
  fs.mkdirSync(path.join(ws, 'links'));
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(ws, 'links', 'out.txt'));
  fs.symlinkSync(path.join(ws, 'a.txt'), path.join(ws, 'links', 'in.txt'));
  fs.symlinkSync(path.join(ws, 'a'), path.join(ws, 'links', 'dir'));
  fs.symlinkSync(ws, path.join(ws, 'links', 'loop'));
  fs.symlinkSync(path.join(ws, 'gone'), path.join(ws, 'links', 'broken.txt'));
});

afterAll(() => {
  fs.rmSync(ws, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

describe('hashFiles', () => {
  it('hashes the matches in depth-first, name order', () => {
    expect(hashFiles(ws, ['**/package.json'])).toBe(expected('node_modules/m/package.json', 'package.json'));
    // Depth first: a/x.txt comes before a.txt, unlike a sort of full paths; one walk serves both patterns.
    expect(hashFiles(ws, ['*.txt', 'a/*.txt'])).toBe(expected('a/x.txt', 'a.txt', 'b.txt'));
    expect(hashFiles(ws, ['a/*.txt', 'b.txt'])).toBe(expected('a/x.txt', 'b.txt'));
    expect(hashFiles(ws, ['b.txt', 'a/*.txt'])).toBe(expected('b.txt', 'a/x.txt'));
    expect(hashFiles(ws, ['**/*.txt', '!links/**'])).toBe(expected('a/x.txt', 'a.txt', 'b.txt'));
  });

  it('matches dot files and directories', () => {
    expect(hashFiles(ws, ['**/*.lock'])).toBe(expected('.hidden/z.lock', 'a/b/y.lock'));
  });

  it('excludes with !', () => {
    expect(hashFiles(ws, ['**/package.json', '!node_modules/**'])).toBe(expected('package.json'));
    expect(hashFiles(ws, ['!**/*.txt', '**/*.txt', '!links/**'])).toBe(expected('a/x.txt', 'a.txt', 'b.txt'));
  });

  it('takes everything below a named directory', () => {
    expect(hashFiles(ws, ['a'])).toBe(expected('a/b/y.lock', 'a/x.txt'));
    expect(hashFiles(ws, ['a/'])).toBe(expected('a/b/y.lock', 'a/x.txt'));
  });

  it('reads patterns from lines, skipping comments and blanks', () => {
    expect(hashFiles(ws, ['# lock files\n\n  **/*.lock  '])).toBe(hashFiles(ws, ['**/*.lock']));
    expect(hashFiles(ws, ['a.txt\nb.txt'])).toBe(hashFiles(ws, ['a.txt', 'b.txt']));
  });

  it('accepts ./ and absolute paths inside the workspace', () => {
    expect(hashFiles(ws, ['./a.txt'])).toBe(expected('a.txt'));
    expect(hashFiles(ws, [path.join(ws, 'b.txt')])).toBe(expected('b.txt'));
    expect(hashFiles(`${ws}/`, ['b.txt'])).toBe(expected('b.txt'));
  });

  it('hashes large files', () => {
    expect(hashFiles(ws, ['big.bin'])).toBe(expected('big.bin'));
  });

  it("gives '' when nothing matches", () => {
    expect(hashFiles(ws, ['**/*.none'])).toBe('');
    expect(hashFiles(ws, ['missing-dir/**'])).toBe('');
    expect(hashFiles(ws, ['# only a comment'])).toBe('');
  });

  it('never counts files outside the workspace', () => {
    expect(hashFiles(ws, [path.join(outside, 'secret.txt')])).toBe('');
    expect(hashFiles(ws, [`${outside}/**`])).toBe('');
    expect(hashFiles(ws, ['~/**/nothing-here-*.zzz'])).toBe('');
    expect(hashFiles(ws, ['links/out.txt'])).toBe('');
    expect(hashFiles(ws, ['/**/b.txt'])).toBe(expected('b.txt'));
  });

  it('refuses .. in a pattern', () => {
    expect(() => hashFiles(ws, ['../x'])).toThrow(/Relative pathing/);
    expect(() => hashFiles(ws, ['a/../../x'])).toThrow(/Relative pathing/);
  });

  it('follows a link to a file inside the workspace, but not into linked directories by default', () => {
    expect(hashFiles(ws, ['links/in.txt'])).toBe(expected('a.txt'));
    expect(hashFiles(ws, ['links/**'])).toBe(expected('a.txt'));
  });

  it('follows directory links with --follow-symbolic-links, stopping at loops', () => {
    expect(hashFiles(ws, ['--follow-symbolic-links', 'links/dir/**'])).toBe(expected('a/b/y.lock', 'a/x.txt'));
    expect(hashFiles(ws, ['--FOLLOW-SYMBOLIC-LINKS', 'links/loop/b.txt'])).toBe(expected('b.txt'));
    expect(hashFiles(ws, ['--follow-symbolic-links', 'links/**/y.lock'])).toBe(expected('a/b/y.lock', 'a/b/y.lock'));
  });

  it('refuses unknown options and a relative workspace', () => {
    expect(() => hashFiles(ws, ['--bogus', 'a.txt'])).toThrow(/Invalid glob option --bogus/);
    expect(() => hashFiles('relative/ws', ['a.txt'])).toThrow(/absolute/);
  });

  it('is reached from expressions through github.workspace', () => {
    expect(evaluateTemplate("${{ hashFiles('**/package.json', '!node_modules/**') }}", { github: { workspace: ws } })).toBe(expected('package.json'));
    expect(evaluateTemplate("key-${{ hashFiles('*.none') }}", { github: { workspace: ws } })).toBe('key-');
  });

  it('fails as an expression error without a workspace or with a bad pattern', () => {
    for (const [template, contexts] of [
      ["${{ hashFiles('a') }}", {}],
      ["${{ hashFiles('../a') }}", { github: { workspace: ws } }],
    ] as const) {
      let caught: unknown;
      try {
        evaluateTemplate(template, contexts);
      } catch (e) {
        caught = e;
      }
      expect(isExpressionError(caught)).toBe(true);
    }
  });
});
