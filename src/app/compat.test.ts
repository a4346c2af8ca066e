/**
 * `validate --compat` through the real App on real files: per job and step, what runs here, what
 * a built-in replaces, and what cannot run, with reasons.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp } from '../app.ts';
import type { App, FileCompat, JobCompat } from '../app-api.ts';

let dir: string;
let app: App;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ado-compat-'));
});
afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

async function report(paths: string[], steps = {}): Promise<FileCompat[]> {
  app = await openApp({ cwd: dir, env: { PATH: path.join(dir, 'no-bin'), USER: 'tester' }, steps });
  return app.compat(paths);
}

const jobOf = (file: FileCompat, id: string): JobCompat => file.jobs.find((j) => j.id === id)!;

describe('validate --compat', () => {
  it('says how each step runs: run:, built-ins, registered kinds, local, remote and Docker actions', async () => {
    write('.github/workflows/ci.yml', [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - name: Test',
      '        run: |',
      '          npm ci',
      '          npm test',
      '        shell: sh',
      '      - uses: ./actions/js',
      '      - uses: ./actions/composite',
      '      - uses: ./actions/later',
      '      - uses: octo-org/lint@v2',
      '      - uses: acme/greet@v1',
      '      - uses: autodevops/approval@v1',
      '      - uses: docker://alpine:3',
      '      - uses: ./actions/docker',
      '      - uses: ./actions/broken',
      '',
    ].join('\n'));
    write('actions/js/action.yml', 'name: js\nruns:\n  using: node20\n  main: index.js\n');
    write('actions/composite/action.yaml', 'name: c\nruns:\n  using: composite\n  steps: [ { run: echo, shell: bash } ]\n');
    write('actions/docker/action.yml', 'name: d\nruns:\n  using: docker\n  image: Dockerfile\n');
    write('actions/broken/action.yml', 'name: b\nruns: 7\n');
    const [file] = await report(['.github/workflows'], { 'acme/greet': () => undefined });
    expect(file!.file).toBe('.github/workflows/ci.yml');
    expect(file!.runnable).toBe(false);
    const build = jobOf(file!, 'build');
    expect(build.verdict).toBe('unsupported');
    expect(build.instances).toEqual([{ name: 'build', verdict: 'local', labels: ['ubuntu-latest'] }]);
    expect(build.steps.map((s) => [s.name, s.verdict, s.detail])).toEqual([
      ['actions/checkout@v4', 'builtin', 'replaced by the built-in actions/checkout'],
      ['Test', 'local', 'run: step (sh)'],
      ['./actions/js', 'local', `local JavaScript action ./actions/js (node20, run on Node ${process.versions.node})`],
      ['./actions/composite', 'local', 'local composite action ./actions/composite'],
      ['./actions/later', 'undecided', 'local action ./actions/later'],
      ['octo-org/lint@v2', 'local', expect.stringMatching(/^remote action octo-org\/lint@v2, fetched with git/)],
      ['acme/greet@v1', 'local', 'step kind acme/greet registered through the API'],
      ['autodevops/approval@v1', 'local', 'orchestrator step autodevops/approval'],
      ['docker://alpine:3', 'unsupported', 'uses: docker://alpine:3'],
      ['./actions/docker', 'unsupported', 'local action ./actions/docker'],
      ['./actions/broken', 'unsupported', 'local action ./actions/broken'],
    ]);
    expect(build.steps[4]!.reason).toBe('./actions/later holds no action.yml now; it must exist when the step starts (e.g. after a checkout)');
    expect(build.steps[8]!.reason).toMatch(/is a Docker container action: it needs a container engine \(Docker or Podman\), none answers here/);
    expect(build.steps[8]!.location).toMatchObject({ file: '.github/workflows/ci.yml', line: 18 });
    expect(build.steps[10]!.reason).toMatch(/actions\/broken\/action\.yml/);
  });

  it('tells a step kind nothing handles, and a built-in disabled in autodevops.yml or replaced through the API', async () => {
    write('autodevops.yml', 'builtins: { disable: [actions/cache] }\n');
    write('w.yml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/cache@v4\n      - uses: actions/setup-node@v4\n      - uses: nope\n');
    const [file] = await report(['w.yml'], { 'actions/setup-node': () => undefined });
    expect(jobOf(file!, 'a').steps.map((s) => [s.verdict, s.detail, s.reason])).toEqual([
      ['local', expect.stringMatching(/^remote action actions\/cache@v4/), undefined],
      ['local', 'step kind actions/setup-node registered through the API', undefined],
      ['unsupported', 'uses: nope', 'uses: nope is not a step kind autodevops can run'],
    ]);
  });

  it('says where each job and matrix combination runs, and what the job itself needs', async () => {
    write('autodevops.yml', 'runs-on: { windows-latest: skip }\n');
    write('w.yml', [
      'on: { workflow_dispatch: { inputs: { runner: { default: self-hosted } } } }',
      'jobs:',
      '  matrix:',
      '    runs-on: ${{ matrix.os }}',
      '    strategy: { matrix: { os: [ubuntu-latest, macos-latest] } }',
      '    steps: [ { run: echo } ]',
      '  win: { runs-on: windows-latest, steps: [ { run: echo } ] }',
      '  input: { runs-on: "${{ inputs.runner }}", outputs: { os: x }, steps: [ { run: echo } ] }',
      '  late: { needs: input, runs-on: "${{ needs.input.outputs.os }}", steps: [ { run: echo } ] }',
      '  db: { runs-on: [self-hosted, linux], services: { pg: { image: postgres } }, steps: [ { run: echo } ] }',
      '  call: { uses: ./.github/workflows/called.yml }',
      '',
    ].join('\n'));
    const [file] = await report(['w.yml']);
    expect(file!.jobs.map((j) => [j.id, j.verdict, j.runsOn])).toEqual([
      ['matrix', 'partial', '${{ matrix.os }}'],
      ['win', 'skip', 'windows-latest'],
      ['input', 'local', '${{ inputs.runner }}'],
      ['late', 'undecided', '${{ needs.input.outputs.os }}'],
      ['db', 'unsupported', '["self-hosted","linux"]'],
      ['call', 'call', 'uses: ./.github/workflows/called.yml'],
    ]);
    expect(jobOf(file!, 'matrix').instances.map((i) => [i.name, i.verdict])).toEqual([['matrix (ubuntu-latest)', 'local'], ['matrix (macos-latest)', 'unsupported']]);
    expect(jobOf(file!, 'input').instances[0]!.labels).toEqual(['self-hosted']);
    expect(jobOf(file!, 'late').problems).toEqual([{ reason: 'runs-on depends on needs.input.outputs.os, known only when the run gets to this job; it runs on this machine without a check of its labels' }]);
    expect(jobOf(file!, 'db').problems).toEqual([{ reason: expect.stringMatching(/^services \(pg\) need a container engine/), fix: expect.stringContaining('remove `services:`') }]);
    expect(file!.runnable).toBe(false);
  });

  it('names the image of a container given as a mapping, and a step kind that a resolver added through the API handles', async () => {
    write('w.yml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    container: { image: "node:22", options: --cpus 1 }\n    steps: [ { uses: magic } ]\n');
    const opened = await openApp({ cwd: dir, env: { PATH: path.join(dir, 'no-bin') } });
    app = opened;
    opened.registry.addResolver((s) => (s.uses === 'magic' ? { execute: async () => ({ outcome: 'success' }) } : undefined));
    const [file] = await app.compat(['w.yml']);
    const a = jobOf(file!, 'a');
    expect(a.problems).toEqual([{ reason: expect.stringMatching(/^container: node:22 needs a container engine/), fix: expect.stringContaining('remove `container:`') }]);
    expect(a.steps[0]).toMatchObject({ verdict: 'local', detail: 'uses: magic, handled by a resolver added through the API' });
  });

  it('shows a job whose if: is false for the default event as skipped', async () => {
    write('w.yml', "on: [push, release]\njobs:\n  mac: { if: \"github.event_name == 'release'\", runs-on: macos-latest, steps: [ { run: echo } ] }\n");
    const [file] = await report(['w.yml']);
    expect(jobOf(file!, 'mac')).toMatchObject({ verdict: 'skip', problems: [{ reason: "if: success() && (github.event_name == 'release') is false for this run" }], steps: [] });
    expect(file!.runnable).toBe(true);
  });

  it('shows the jobs of the local workflows a job calls', async () => {
    write('.github/workflows/called.yml', 'on: { workflow_call: { inputs: { os: { type: string } } } }\njobs:\n  inner: { runs-on: "${{ inputs.os }}", steps: [ { run: echo } ] }\n');
    write('w.yml', 'on: push\njobs:\n  ok: { uses: ./.github/workflows/called.yml, with: { os: linux } }\n  win: { uses: ./.github/workflows/called.yml, with: { os: windows-2022 } }\n  gone: { uses: ./.github/workflows/missing.yml }\n');
    const [file] = await report(['w.yml']);
    expect(file!.jobs.map((j) => [j.id, j.verdict, j.calls?.map((c) => `${c.id}:${c.verdict}`)])).toEqual([
      ['ok', 'call', ['inner:local']], ['win', 'unsupported', ['inner:unsupported']], ['gone', 'call', undefined],
    ]);
    expect(jobOf(file!, 'win').calls![0]!.location.file).toBe('.github/workflows/called.yml');
    expect(file!.runnable).toBe(false);
  });

  it('reports a file that runs entirely here as runnable, and an invalid one with its diagnostics', async () => {
    write('ok.yml', 'on: push\njobs:\n  a: { runs-on: ubuntu-latest, steps: [ { uses: actions/checkout@v4 }, { run: make } ] }\n');
    write('bad.yml', 'on: push\njobs:\n  a: { runs-on: ubuntu-latest, stepz: [] }\n');
    const [ok, bad] = await report(['ok.yml', 'bad.yml']);
    expect(ok).toMatchObject({ file: 'ok.yml', runnable: true, diagnostics: [] });
    expect(jobOf(ok!, 'a').verdict).toBe('local');
    expect(bad).toMatchObject({ file: 'bad.yml', runnable: false, jobs: [] });
    expect(bad!.diagnostics.length).toBeGreaterThan(0);
    expect(bad!.diagnostics[0]!.location.file).toBe('bad.yml');
  });
});
