import { describe, expect, it } from 'vitest';
import { AutodevopsError } from '../core/errors.ts';
import { localLabels, parseRunsOnTable, placeJob, placeLabel, runsOnLabels } from './runs-on.ts';

const linux = { platform: 'linux', arch: 'x64' };
const linuxArm = { platform: 'linux', arch: 'arm64' };
const mac = { platform: 'darwin', arch: 'arm64' };
const windows = { platform: 'win32', arch: 'x64' };

describe('the default runs-on table', () => {
  it.each([...localLabels, 'Ubuntu-Latest', 'ubuntu-26.04', 'ubuntu-latest-4-cores', 'SELF-HOSTED'])('%s runs on a Linux host', (label) => {
    expect(placeLabel(label, {}, linux)).toEqual({ verdict: 'local', labels: [label] });
  });

  it.each(['windows-latest', 'windows-2022', 'windows', 'windows-11-arm'])('%s needs a Windows host', (label) => {
    expect(placeLabel(label, {}, linux)).toMatchObject({ verdict: 'unsupported', reason: `runs-on: ${label} needs a Windows host (this machine is Linux x64)` });
    expect(placeLabel(label, {}, linux).fix).toMatch(/--skip-unsupported.*runs-on: \{ .+: local \}/);
    expect(placeLabel(label, {}, windows).verdict).toBe('local');
  });

  it.each(['macos-latest', 'macos-14', 'macOS'])('%s needs a macOS host', (label) => {
    expect(placeLabel(label, {}, linux)).toMatchObject({ verdict: 'unsupported', reason: expect.stringContaining('needs a macOS host') });
    expect(placeLabel(label, {}, mac).verdict).toBe('local');
  });

  it.each(['arm64', 'ARM64', 'ubuntu-24.04-arm', 'ubuntu-22.04-arm', 'linux-arm64'])('%s runs only on an arm64 host', (label) => {
    expect(placeLabel(label, {}, linux)).toMatchObject({ verdict: 'unsupported', reason: expect.stringContaining('needs an arm64 host (this machine is Linux x64)') });
    expect(placeLabel(label, {}, linuxArm).verdict).toBe('local');
  });

  it('refuses a custom label nobody mapped, and says how to map it', () => {
    expect(placeLabel('my-gpu-runner', {}, linux)).toEqual({
      verdict: 'unsupported', labels: ['my-gpu-runner'], reason: 'runs-on: my-gpu-runner is not a label this machine has',
      fix: 'Map the label in autodevops.yml (runs-on: { my-gpu-runner: local }) or pass --skip-unsupported.',
    });
  });

  it('names a host it does not know by its platform', () => {
    expect(placeLabel('windows-latest', {}, { platform: 'freebsd', arch: 'x64' }).reason).toMatch(/this machine is freebsd x64/);
  });
});

describe('the autodevops.yml table', () => {
  const table = parseRunsOnTable({ 'My-GPU-Runner': 'local', 'windows-latest': 'skip', 'ubuntu-latest': 'error' }, fail);

  it('maps labels case-insensitively, before the defaults', () => {
    expect(placeLabel('my-gpu-runner', table, linux).verdict).toBe('local');
    expect(placeLabel('windows-latest', table, linux)).toMatchObject({ verdict: 'skip', reason: 'runs-on: windows-latest is mapped to skip in autodevops.yml' });
    expect(placeLabel('UBUNTU-LATEST', table, linux)).toMatchObject({ verdict: 'unsupported', reason: 'runs-on: UBUNTU-LATEST is mapped to error in autodevops.yml', fix: expect.stringContaining('--skip-unsupported') });
  });

  it('is optional and must map labels to local, skip or error', () => {
    expect(parseRunsOnTable(undefined, fail)).toEqual({});
    expect(parseRunsOnTable(null, fail)).toEqual({});
    expect(() => parseRunsOnTable(['x'], fail)).toThrow('runs-on: expected a mapping of labels to local, skip or error');
    expect(() => parseRunsOnTable({ gpu: 'remote' }, fail)).toThrow('runs-on.gpu: expected local, skip or error');
  });
});

describe('a job with several labels', () => {
  it('runs here only when every label does', () => {
    expect(placeJob(['self-hosted', 'linux', 'x64'], {}, linux)).toEqual({ verdict: 'local', labels: ['self-hosted', 'linux', 'x64'] });
    expect(placeJob(['self-hosted', 'gpu'], {}, linux)).toMatchObject({ verdict: 'unsupported', labels: ['self-hosted', 'gpu'], reason: 'runs-on: gpu is not a label this machine has' });
  });

  it('is unsupported before it is skipped, and skipped when one label says so', () => {
    const table = { 'windows-latest': 'skip' } as const;
    expect(placeJob(['windows-latest', 'gpu'], table, linux).verdict).toBe('unsupported');
    expect(placeJob(['windows-latest', 'self-hosted'], table, linux).verdict).toBe('skip');
  });

  it('needs at least one label', () => {
    expect(placeJob(['', ' '], {}, linux)).toMatchObject({ verdict: 'unsupported', reason: 'runs-on gives no label' });
  });
});

describe('runs-on values', () => {
  it.each([
    ['ubuntu-latest', ['ubuntu-latest']],
    [['self-hosted', 'linux'], ['self-hosted', 'linux']],
    [{ group: 'large', labels: ['linux'] }, ['large', 'linux']],
    [{ group: 'large' }, ['large']],
    [{ labels: 'linux' }, ['linux']],
  ])('%j has the labels %j', (value, labels) => {
    expect(runsOnLabels(value)).toEqual(labels);
  });

  it.each([[42], [null], [[1, 'a']], [{ group: 3 }], [{ labels: [true] }]])('%j has no labels', (value) => {
    expect(runsOnLabels(value)).toBeUndefined();
  });
});

function fail(field: string, why: string): never {
  throw new AutodevopsError('ADO_CONFIG_INVALID', `${field}: ${why}`);
}
