/**
 * The run policy through the real App on real files: what cannot run on this machine is refused
 * before any state exists, in one error listing every problem with its position, or skipped with a
 * warning when asked (`skipUnsupported`) or configured (`runs-on: { label: skip }`).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp } from '../app.ts';
import type { App } from '../app-api.ts';
import { isAutodevopsError } from '../core/errors.ts';
import type { AutodevopsError } from '../core/errors.ts';

let dir: string;
const apps: App[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ado-policy-'));
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  rmSync(dir, { recursive: true, force: true });
});

function write(file: string, text: string): string {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
  return file;
}

/** A directory holding only a `docker` that answers `docker info`, like a running engine would. */
function fakeDockerPath(): string {
  const bin = path.join(dir, 'fake-bin');
  write('fake-bin/docker', '#!/bin/sh\nexit 0\n');
  chmodSync(path.join(bin, 'docker'), 0o755);
  return bin;
}

async function app(PATH = process.env.PATH): Promise<App> {
  const opened = await openApp({ cwd: dir, env: { PATH, USER: 'tester' }, engine: { pollMs: 20 } });
  apps.push(opened);
  return opened;
}

async function rejection(promise: Promise<unknown>): Promise<AutodevopsError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isAutodevopsError(error)) throw new Error(`expected an AutodevopsError, got ${String(error)}`);
  return error;
}

const everything = [
  'on: push',
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    steps: [ { run: echo built } ]',
  '  win:',
  '    runs-on: windows-latest',
  '    steps: [ { run: echo } ]',
  '  gpu:',
  '    runs-on: [self-hosted, gpu]',
  '    steps: [ { run: echo } ]',
  '  db:',
  '    runs-on: ubuntu-latest',
  '    container: node:20',
  '    services: { postgres: { image: postgres:16 }, redis: { image: redis } }',
  '    steps: [ { run: echo } ]',
  '  image:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - run: echo before',
  '      - uses: docker://alpine:3.20',
  '      - uses: ./docker-action',
  '',
].join('\n');

describe('a workflow with jobs that cannot run here', () => {
  beforeEach(() => {
    write('ci.yml', everything);
    write('docker-action/action.yml', 'name: d\nruns:\n  using: docker\n  image: Dockerfile\n');
  });

  it('is refused before any state exists, with every problem positioned and what to do', async () => {
    const e = await rejection((await app(path.join(dir, 'empty-path'))).startRun({ workflowPath: 'ci.yml' }));
    expect(e.code).toBe('ADO_UNSUPPORTED_LOCALLY');
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe('ci.yml: 4 jobs cannot run on this machine');
    expect(e.hint).toMatch(/--skip-unsupported.*autodevops\.yml.*docs\/running-locally\.md/);
    expect(e.diagnostics.map((d) => `${d.location.file}:${d.location.line}:${d.location.column}`)).toEqual([
      'ci.yml:6:3', 'ci.yml:9:3', 'ci.yml:12:3', 'ci.yml:12:3', 'ci.yml:21:9', 'ci.yml:22:9',
    ]);
    const messages = e.diagnostics.map((d) => d.message);
    expect(messages[0]).toMatch(/^job win: runs-on: windows-latest needs a Windows host \(this machine is .+\)\. Pass --skip-unsupported/);
    expect(messages[1]).toBe('job gpu: runs-on: gpu is not a label this machine has. Map the label in autodevops.yml (runs-on: { gpu: local }) or pass --skip-unsupported.');
    expect(messages[2]).toMatch(/^job db: container: node:20 needs a container engine \(Docker or Podman\), none answers here, and autodevops cannot run containers yet\. Pass --skip-unsupported .* remove `container:`/);
    expect(messages[3]).toMatch(/^job db: services \(postgres, redis\) need a container engine .* start the services yourself and remove `services:`/);
    expect(messages[4]).toMatch(/^job image: uses: docker:\/\/alpine:3\.20 is a Docker container action: it needs a container engine/);
    expect(messages[5]).toMatch(/^job image: local action \.\/docker-action is a Docker container action/);
    expect(existsSync(path.join(dir, '.autodevops'))).toBe(false);
  });

  it('says honestly that containers are not run yet even when a container engine answers', async () => {
    const e = await rejection((await app(fakeDockerPath())).startRun({ workflowPath: 'ci.yml', jobs: ['db', 'image'] }));
    expect(e.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/^job db: container: node:20 needs the container runtime \(docker is available\), which autodevops does not drive yet \(not implemented\)\./),
      expect.stringMatching(/^job db: services \(postgres, redis\) need the container runtime \(docker is available\), which autodevops does not drive yet/),
      expect.stringMatching(/^job image: uses: docker:\/\/alpine:3\.20 is a Docker container action: it needs the container runtime \(docker is available\), which autodevops does not drive yet \(not implemented\)/),
      expect.stringMatching(/^job image: local action \.\/docker-action is a Docker container action: it needs the container runtime/),
    ]);
  });

  it('checks only the jobs --job selects (and the jobs they need)', async () => {
    const view = await (await (await app()).startRun({ workflowPath: 'ci.yml', jobs: ['build'] })).done;
    expect(view.conclusion).toBe('success');
  });

  it('runs what it can and skips the rest with warnings when asked to', async () => {
    const handle = await (await app()).startRun({ workflowPath: 'ci.yml', skipUnsupported: true });
    const view = await handle.done;
    expect(view.conclusion).toBe('success');
    expect(view.jobs.map((j) => `${j.key}:${j.conclusion}`)).toEqual(['build:success', 'win:skipped', 'gpu:skipped', 'db:skipped', 'image:skipped']);
    expect(handle.warnings).toEqual([
      expect.stringMatching(/^job win is skipped: cannot run on this machine \(--skip-unsupported\): runs-on: windows-latest needs a Windows host/),
      'job gpu is skipped: cannot run on this machine (--skip-unsupported): runs-on: gpu is not a label this machine has',
      expect.stringMatching(/^job db is skipped: cannot run on this machine \(--skip-unsupported\): container: node:20 needs .*; services \(postgres, redis\) need /),
      expect.stringMatching(/^job image is skipped: .*docker:\/\/alpine:3\.20.*; local action \.\/docker-action/),
    ]);
  });
});

describe('the runs-on table of autodevops.yml', () => {
  it('runs mapped custom labels here, skips labels mapped to skip, and refuses labels mapped to error', async () => {
    write('autodevops.yml', 'runs-on:\n  gpu: local\n  windows-latest: skip\n  ubuntu-20.04: error\n');
    write('m.yml', 'on: push\njobs:\n  gpu: { runs-on: [self-hosted, GPU], steps: [ { run: echo gpu } ] }\n  win: { runs-on: windows-latest, steps: [ { run: echo win } ] }\n');
    const handle = await (await app()).startRun({ workflowPath: 'm.yml' });
    expect(handle.warnings).toEqual(['job win is skipped: runs-on: windows-latest is mapped to skip in autodevops.yml']);
    expect((await handle.done).jobs.map((j) => `${j.key}:${j.conclusion}`)).toEqual(['gpu:success', 'win:skipped']);
    write('old.yml', 'on: push\njobs:\n  old: { runs-on: ubuntu-20.04, steps: [ { run: echo } ] }\n');
    const e = await rejection((await app()).startRun({ workflowPath: 'old.yml' }));
    expect(e.diagnostics.map((d) => d.message)).toEqual(['job old: runs-on: ubuntu-20.04 is mapped to error in autodevops.yml. Pass --skip-unsupported to skip it, or map the label to local in autodevops.yml.']);
  });

  it('is checked when the app opens', async () => {
    write('autodevops.yml', 'runs-on:\n  gpu: yes-please\n');
    await expect(openApp({ cwd: dir, env: {} })).rejects.toMatchObject({ code: 'ADO_CONFIG_INVALID', message: expect.stringContaining('runs-on.gpu: expected local, skip or error') });
  });
});

describe('jobs whose if: is false before the run', () => {
  const release = [
    'on: push',
    'jobs:',
    '  build: { runs-on: ubuntu-latest, steps: [ { run: echo built } ] }',
    "  mac: { needs: build, if: \"always() && startsWith(github.ref, 'refs/tags/')\", runs-on: macos-latest, steps: [ { run: echo } ] }",
    "  win: { needs: build, if: \"needs.build.result == 'failure'\", runs-on: windows-latest, steps: [ { run: echo } ] }",
    '',
  ].join('\n');

  it('are not checked, since they never run; an if: that reads needs is', async () => {
    write('r.yml', release);
    write('tag.json', '{ "ref": "refs/tags/v1.0.0" }');
    const e = await rejection((await app()).startRun({ workflowPath: 'r.yml' }));
    expect(e.diagnostics.map((d) => d.message.split(':')[0])).toEqual(['job win']);
    const tagged = await rejection((await app()).startRun({ workflowPath: 'r.yml', eventPath: 'tag.json' }));
    expect(tagged.diagnostics.map((d) => d.message.split(':')[0])).toEqual(['job mac', 'job win']);
    write('r.yml', release.replace(/\n {2}win:.*\n/, '\n'));
    const view = await (await (await app()).startRun({ workflowPath: 'r.yml' })).done;
    expect(view.jobs.map((j) => `${j.key}:${j.conclusion}`)).toEqual(['build:success', 'mac:skipped']);
  });
});

describe('local reusable workflows', () => {
  beforeEach(() => {
    write('.github/workflows/called.yml', [
      'on: { workflow_call: { inputs: { os: { type: string, default: ubuntu-latest } } } }',
      'jobs:',
      '  inner: { runs-on: "${{ inputs.os }}", steps: [ { run: echo inner } ] }',
      '',
    ].join('\n'));
    write('.github/workflows/nested.yml', 'on: workflow_call\njobs:\n  deeper: { uses: ./.github/workflows/called.yml, with: { os: macos-latest } }\n');
  });

  it('checks the jobs of the workflows a job calls, with the literal inputs it passes', async () => {
    write('caller.yml', [
      'on: push',
      'jobs:',
      '  fine: { uses: ./.github/workflows/called.yml }',
      '  computed: { uses: ./.github/workflows/called.yml, with: { os: "${{ github.ref }}" } }',
      '  win: { uses: ./.github/workflows/called.yml, with: { os: windows-latest } }',
      '  nest: { uses: ./.github/workflows/nested.yml }',
      '  remote: { uses: octo/workflows/.github/workflows/ci.yml@v1 }',
      '',
    ].join('\n'));
    const e = await rejection((await app()).startRun({ workflowPath: 'caller.yml' }));
    expect(e.message).toBe('caller.yml: 2 jobs cannot run on this machine');
    expect(e.diagnostics.map((d) => [`${d.location.file}:${d.location.line}`, d.message.replace(/ \(this machine.*$/, '')])).toEqual([
      ['.github/workflows/called.yml:3', 'job win → inner: runs-on: windows-latest needs a Windows host'],
      ['.github/workflows/called.yml:3', 'job nest → deeper → inner: runs-on: macos-latest needs a macOS host'],
    ]);
  });

  it('skips the calling job when one of the called jobs cannot run and skipping was asked for', async () => {
    write('.github/workflows/late.yml', 'on: workflow_call\njobs:\n  a: { runs-on: local, outputs: { os: linux }, steps: [ { run: echo } ] }\n  b: { needs: a, runs-on: "${{ needs.a.outputs.os }}", steps: [ { run: echo } ] }\n');
    write('caller.yml', 'on: push\njobs:\n  fine: { uses: ./.github/workflows/called.yml }\n  win: { uses: ./.github/workflows/called.yml, with: { os: windows-latest } }\n  late: { uses: ./.github/workflows/late.yml }\n');
    const handle = await (await app()).startRun({ workflowPath: 'caller.yml', skipUnsupported: true });
    expect(handle.warnings).toEqual([
      expect.stringMatching(/^job win is skipped: cannot run on this machine \(--skip-unsupported\): runs-on: windows-latest needs a Windows host/),
      'job late → b: runs-on depends on needs.a.outputs.os, known only when the run gets to this job; it runs on this machine without a check of its labels',
    ]);
    const view = await handle.done;
    expect(view.conclusion).toBe('success');
    expect(view.jobs.map((j) => `${j.key}:${j.conclusion}`)).toEqual(['fine:success', 'win:skipped', 'late:success']);
  });
});

describe('matrix jobs and runs-on expressions', () => {
  const matrix = 'on: push\njobs:\n  test:\n    runs-on: ${{ matrix.os }}\n    strategy: { matrix: { os: [ubuntu-latest, windows-latest] } }\n    steps: [ { run: echo ok } ]\n';

  it('names the matrix combinations that cannot run', async () => {
    write('m.yml', matrix);
    const e = await rejection((await app()).startRun({ workflowPath: 'm.yml' }));
    expect(e.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/^job test \(windows-latest\): runs-on: windows-latest needs a Windows host/)]);
  });

  it('runs only the combinations --matrix keeps', async () => {
    write('m.yml', matrix);
    const view = await (await (await app()).startRun({ workflowPath: 'm.yml', matrix: { os: 'ubuntu-latest' } })).done;
    expect(view.jobs.map((j) => `${j.name}:${j.conclusion}`)).toEqual(['test (ubuntu-latest):success']);
  });

  it('skips the whole job when only some combinations cannot run, and says so', async () => {
    write('m.yml', matrix);
    const handle = await (await app()).startRun({ workflowPath: 'm.yml', skipUnsupported: true });
    expect(handle.warnings).toEqual([expect.stringMatching(/^job test is skipped: .* \(the 1 other matrix combination could run, but single combinations cannot be skipped yet, so the whole job is\)$/)]);
    expect((await handle.done).jobs.map((j) => `${j.key}:${j.conclusion}`)).toEqual(['test:skipped']);
  });

  it('evaluates runs-on with the dispatch inputs, and leaves one that reads needs to the run with a warning', async () => {
    write('d.yml', [
      'on: { workflow_dispatch: { inputs: { os: { default: ubuntu-latest } } } }',
      'jobs:',
      '  pick: { runs-on: "${{ inputs.os }}", outputs: { os: "${{ steps.o.outputs.os }}" }, steps: [ { id: o, run: echo "os=self-hosted" >> "$GITHUB_OUTPUT" } ] }',
      '  late: { needs: pick, runs-on: "${{ needs.pick.outputs.os }}", steps: [ { run: echo late } ] }',
      '',
    ].join('\n'));
    const refused = await rejection((await app()).startRun({ workflowPath: 'd.yml', inputs: { os: 'macos-latest' } }));
    expect(refused.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/^job pick: runs-on: macos-latest needs a macOS host/)]);
    const handle = await (await app()).startRun({ workflowPath: 'd.yml' });
    expect(handle.warnings).toEqual(['job late: runs-on depends on needs.pick.outputs.os, known only when the run gets to this job; it runs on this machine without a check of its labels']);
    expect((await handle.done).conclusion).toBe('success');
  });
});
