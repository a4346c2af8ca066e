import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ado-actions-cli-'));
writeFileSync(path.join(dir, 'autodevops.yml'), 'builtins:\n  disable: [actions/cache]\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('autodevops actions', () => {
  it('lists each built-in with whether autodevops.yml disables it and what it does', async () => {
    const { code, stdout } = await runCli(['actions'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^actions\/checkout\s+enabled\s+Uses the local workspace as it is/m);
    expect(stdout).toMatch(/^actions\/cache\s+disabled\s+Restores from and \(post step\) saves/m);
    expect(stdout.trimEnd().split('\n')).toHaveLength(11);
  });

  it('prints JSON with --json', async () => {
    const list = JSON.parse((await runCli(['actions', '--json'], { cwd: dir })).stdout) as Array<{ name: string; enabled: boolean }>;
    expect(list.find((a) => a.name === 'actions/cache')?.enabled).toBe(false);
    expect(list.find((a) => a.name === 'actions/github-script')?.enabled).toBe(true);
  });
});
