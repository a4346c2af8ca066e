/**
 * Bad input through the real CLI and app: each case exits 2 with an error that names what and
 * where, creates no run, and leaves an existing data directory exactly as it was.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { TextBuffer } from '../../src/cli/testing/text-output.ts';

let dir: string;
let data: string;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new TextBuffer();
  const stderr = new TextBuffer();
  const code = await main([...argv, '--data-dir', data], { stdout, stderr, cwd: dir, env: { PATH: process.env.PATH, HOME: dir } });
  return { code, out: stdout.text, err: stderr.text };
}

/** A fingerprint of the data directory: every file's size and content hash. */
function snapshot(): string {
  if (!existsSync(data)) return 'absent';
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.endsWith('-shm')) files.push(`${path.relative(data, p)}:${statSync(p).size}:${readFileSync(p).toString('base64').length}`);
    }
  };
  walk(data);
  return files.sort().join('\n');
}

const good = 'on: [push, workflow_dispatch]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ok\n';

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ado-bad-'));
  data = path.join(dir, 'state');
  writeFileSync(path.join(dir, 'good.yml'), good);
  // An existing data directory with one finished run, which bad input must not touch.
  expect((await cli('run', 'good.yml')).code).toBe(0);
});
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

async function expectRejected(argv: string[], code: string, where: RegExp): Promise<void> {
  const before = snapshot();
  const runsBefore = (await cli('list', '--json')).out;
  const r = await cli(...argv);
  expect(r.code, r.err).toBe(2);
  expect(r.err).toContain(`error[${code}]`);
  expect(r.err).toMatch(where);
  expect(r.err).toContain('hint:');
  expect((await cli('list', '--json')).out).toBe(runsBefore);
  expect(snapshot()).toBe(before);
}

describe('bad input exits 2, names what and where, creates no run', () => {
  it('an empty file', async () => {
    writeFileSync(path.join(dir, 'empty.yml'), '');
    await expectRejected(['run', 'empty.yml'], 'ADO_WORKFLOW_UNREADABLE', /empty\.yml/);
  });

  it('a binary file', async () => {
    writeFileSync(path.join(dir, 'bin.yml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0xff, 0xfe]));
    await expectRejected(['run', 'bin.yml'], 'ADO_WORKFLOW_UNREADABLE', /bin\.yml/);
  });

  it('text that is not YAML', async () => {
    writeFileSync(path.join(dir, 'notyaml.yml'), 'on: push\njobs: [unclosed\n  a: {\n');
    await expectRejected(['run', 'notyaml.yml'], 'ADO_WORKFLOW_INVALID', /notyaml\.yml:\d+:\d+: /);
  });

  it('a YAML alias bomb, quickly', async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    writeFileSync(path.join(dir, 'bomb.yml'), `${lines.join('\n')}\non: push\njobs: {}\n`);
    const t0 = Date.now();
    await expectRejected(['run', 'bomb.yml'], 'ADO_WORKFLOW_INVALID', /bomb\.yml:\d+:\d+: .*alias/i);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('a 10 MB file', async () => {
    writeFileSync(path.join(dir, 'huge.yml'), `${good}# ${'x'.repeat(10 * 1024 * 1024)}\n`);
    await expectRejected(['run', 'huge.yml'], 'ADO_WORKFLOW_UNREADABLE', /huge\.yml/);
  });

  it('an unknown event', async () => {
    await expectRejected(['run', 'good.yml', '--event', 'made_up_event'], 'ADO_EVENT_UNKNOWN', /made_up_event/);
  });

  it('an event the workflow is not triggered by', async () => {
    await expectRejected(['run', 'good.yml', '--event', 'release'], 'ADO_EVENT_UNKNOWN', /good\.yml.*release/);
  });

  it('a missing required input', async () => {
    writeFileSync(path.join(dir, 'inputs.yml'), 'on:\n  workflow_dispatch:\n    inputs:\n      target: { required: true }\njobs:\n  a:\n    runs-on: x\n    steps: [ { run: echo } ]\n');
    await expectRejected(['run', 'inputs.yml', '--event', 'workflow_dispatch'], 'ADO_INPUT_INVALID', /target/);
  });

  it('an unreadable secrets file', async () => {
    await expectRejected(['run', 'good.yml', '--secret-file', 'nope.env'], 'ADO_SECRETS_FILE_UNREADABLE', /nope\.env/);
  });

  it('a malformed secrets file, naming the line', async () => {
    writeFileSync(path.join(dir, 'bad.env'), 'GOOD=1\nthis is not a pair\n');
    await expectRejected(['run', 'good.yml', '--secret-file', 'bad.env'], 'ADO_SECRETS_FILE_UNREADABLE', /bad\.env:2/);
  });

  it('a workflow that names a missing job in needs', async () => {
    writeFileSync(path.join(dir, 'needs.yml'), 'on: push\njobs:\n  a:\n    runs-on: x\n    needs: ghost\n    steps: [ { run: echo } ]\n');
    await expectRejected(['run', 'needs.yml'], 'ADO_WORKFLOW_INVALID', /needs\.yml:5:\d+: .*ghost/);
  });

  it('an event payload that is not JSON', async () => {
    writeFileSync(path.join(dir, 'payload.json'), '{ not json');
    await expectRejected(['run', 'good.yml', '--event-path', 'payload.json'], 'ADO_EVENT_PAYLOAD_INVALID', /payload\.json/);
  });

  it('a malformed key=value flag', async () => {
    await expectRejected(['run', 'good.yml', '--input', 'novalue'], 'ADO_ARGUMENT_INVALID', /--input/);
  });
});

describe('a data directory that is not writable', () => {
  it('exits 2 naming it, and harms nothing', async () => {
    if (process.getuid?.() === 0) {
      // root ignores permissions: use a path under a regular file instead, which no one can create.
      writeFileSync(path.join(dir, 'afile'), 'x');
      data = path.join(dir, 'afile', 'state');
    } else {
      const ro = path.join(dir, 'ro');
      mkdirSync(ro);
      chmodSync(ro, 0o500);
      data = path.join(ro, 'state');
    }
    const r = await cli('run', 'good.yml');
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain('error[ADO_DATA_DIR_UNUSABLE]');
    expect(r.err).toContain(data);
    expect(existsSync(data)).toBe(false);
  });

  it('refuses a data directory written by a newer autodevops and leaves it untouched', async () => {
    const copy = path.join(dir, 'copy');
    cpSync(data, copy, { recursive: true });
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(path.join(copy, 'autodevops.db'));
    db.exec('PRAGMA user_version = 999');
    db.close();
    data = copy;
    const before = snapshot();
    const r = await cli('list');
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[ADO_STORE_NEWER]');
    expect(snapshot()).toBe(before);
  });
});
