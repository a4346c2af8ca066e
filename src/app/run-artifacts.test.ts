import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../app.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('a run\'s artifacts', () => {
  it('are listed on the run view that `autodevops show` renders', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ado-run-art-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'ci.yml'), [
      'on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:',
      '      - run: mkdir -p out && printf 12345 > out/a.txt && printf 678 > out/b.txt',
      '      - uses: actions/upload-artifact@v4', '        with: { name: bundle, path: out }',
    ].join('\n'));
    const app = await openApp({ cwd: dir, dataDir: path.join(dir, '.data'), env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    try {
      const { runId, done } = await app.startRun({ workflowPath: 'ci.yml' });
      expect((await done).conclusion).toBe('success');
      expect((await app.getRun(runId)).artifacts).toEqual([{ name: 'bundle', size: 8, files: 2 }]);
    } finally {
      await app.close();
    }
  });
});
