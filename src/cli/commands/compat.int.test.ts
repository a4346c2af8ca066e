/**
 * `validate --compat` and `run --skip-unsupported` through `main()` with the real App, a real data
 * directory and real processes: the report, its JSON form and exit codes; the policy's error and
 * warnings as a user sees them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileCompat } from '../../app-api.ts';
import { main } from '../main.ts';
import { TextBuffer } from '../testing/text-output.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ado-compat-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new TextBuffer();
  const stderr = new TextBuffer();
  const code = await main([...argv, '--data-dir', path.join(dir, 'state')], { stdout, stderr, cwd: dir, env: { PATH: process.env.PATH, HOME: dir } });
  return { code, out: stdout.text, err: stderr.text };
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

const runnable = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo built\n';
const mixed = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo built\n  win:\n    runs-on: windows-latest\n    steps:\n      - run: echo win\n';

describe('autodevops validate --compat', () => {
  it('prints a tree and exits 0 when everything runs here', async () => {
    write('ok.yml', runnable);
    const r = await cli('validate', '--compat', 'ok.yml');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe([
      'ok.yml: 1 job — 1 runs here',
      '└─ build (runs-on: ubuntu-latest): runs here',
      '   ├─ actions/checkout@v4: built-in — replaced by the built-in actions/checkout',
      '   └─ run: echo built: runs here — run: step (bash)',
      '',
    ].join('\n'));
    expect(r.err).toBe('');
  });

  it('exits 2 and says why when something cannot run, in text and in JSON', async () => {
    write('mixed.yml', mixed);
    const text = await cli('validate', '--compat', 'mixed.yml');
    expect(text.code).toBe(2);
    expect(text.out).toMatch(/^mixed\.yml: 2 jobs — 1 runs here, 1 cannot run \(something cannot run\)\n/);
    expect(text.out).toMatch(/└─ win \(runs-on: windows-latest\): cannot run\n {6}runs-on: windows-latest needs a Windows host .*\n {6}fix: Pass --skip-unsupported/);
    expect(text.err).toBe('1 of 1 file holds something that cannot run here; see docs/running-locally.md\n');
    const json = await cli('validate', '--compat', '--json', 'mixed.yml');
    expect(json.code).toBe(2);
    const parsed = JSON.parse(json.out) as { ok: boolean; files: FileCompat[] };
    expect(parsed.ok).toBe(false);
    expect(parsed.files[0]!.jobs.map((j) => [j.id, j.verdict])).toEqual([['build', 'local'], ['win', 'unsupported']]);
  });

  it('shows an invalid file with its diagnostics', async () => {
    write('bad.yml', 'on: push\njobs:\n  a: { runs-on: ubuntu-latest, stepz: [] }\n');
    const r = await cli('validate', '--compat', 'bad.yml');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^bad\.yml: not a valid workflow\n {2}bad\.yml:3:\d+: /);
  });
});

describe('autodevops run and the policy', () => {
  it('refuses a run with a job that cannot run here, naming it and what to do', async () => {
    write('mixed.yml', mixed);
    const r = await cli('run', 'mixed.yml');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error\[ADO_UNSUPPORTED_LOCALLY\]: mixed\.yml: 1 job cannot run on this machine\nmixed\.yml:7:3: job win: runs-on: windows-latest needs a Windows host/);
    expect(r.err).toContain('hint: Pass --skip-unsupported');
  });

  it('runs the rest with --skip-unsupported, warning about what it skips', async () => {
    write('mixed.yml', mixed);
    const r = await cli('run', '--skip-unsupported', 'mixed.yml');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/^warning: job win is skipped: cannot run on this machine \(--skip-unsupported\): runs-on: windows-latest needs a Windows host/);
    expect(r.out).toContain('built');
  });
});
