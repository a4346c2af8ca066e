/** The README's quickstart: the shipped example pipeline runs on the embedded default and succeeds. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { TextBuffer } from '../../src/cli/testing/text-output.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('quickstart', () => {
  it('`autodevops run examples/ci.yml` succeeds, and the examples validate and run locally', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ado-quickstart-'));
    cpSync(path.join(root, 'examples'), path.join(dir, 'examples'), { recursive: true });
    try {
      const run = async (...argv: string[]) => {
        const stdout = new TextBuffer();
        const stderr = new TextBuffer();
        const code = await main(argv, { stdout, stderr, cwd: dir, env: { PATH: process.env.PATH, HOME: dir, CI: 'true' } });
        return { code, out: stdout.text, err: stderr.text };
      };
      const result = await run('run', 'examples/ci.yml');
      expect(result.code, result.out + result.err).toBe(0);
      expect(result.out).toContain('success');
      const compat = await run('validate', '--compat', 'examples');
      expect(compat.code, compat.out + compat.err).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
