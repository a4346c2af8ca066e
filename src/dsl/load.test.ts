import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAutodevopsError } from '../core/errors.ts';
import { discoverWorkflows, MAX_WORKFLOW_BYTES, readWorkflowFile } from './load.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ado-load-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, content);
  return path;
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isAutodevopsError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a failure');
}

describe('readWorkflowFile', () => {
  it('returns the path as given and the text, without a byte order mark', async () => {
    const path = await write('ok.yml', '\uFEFFon: push\n');
    expect(await readWorkflowFile(path)).toEqual({ file: path, text: 'on: push\n' });
  });

  it('reports a missing file as not found', async () => {
    const path = join(dir, 'missing.yml');
    expect(await failure(readWorkflowFile(path))).toEqual({ code: 'ADO_WORKFLOW_NOT_FOUND', message: `${path}: no such file or directory` });
  });

  it('refuses a directory, an empty file and a blank file', async () => {
    expect(await failure(readWorkflowFile(dir))).toEqual({ code: 'ADO_WORKFLOW_UNREADABLE', message: `${dir}: this is a directory; give a workflow file (.yml or .yaml)` });
    const empty = await write('empty.yml', '');
    expect(await failure(readWorkflowFile(empty))).toEqual({ code: 'ADO_WORKFLOW_UNREADABLE', message: `${empty}: the file is empty; a workflow needs at least \`on:\` and \`jobs:\`` });
    const blank = await write('blank.yml', ' \n\t\n');
    expect((await failure(readWorkflowFile(blank))).message).toContain('the file is empty');
  });

  it('refuses binary files: NUL bytes or invalid UTF-8', async () => {
    const nul = await write('nul.yml', new Uint8Array([0x6f, 0x6e, 0x3a, 0x00, 0x0a]));
    expect(await failure(readWorkflowFile(nul))).toEqual({ code: 'ADO_WORKFLOW_UNREADABLE', message: `${nul}: this is a binary file (it contains NUL bytes), not YAML text` });
    const latin1 = await write('latin1.yml', new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]));
    expect(await failure(readWorkflowFile(latin1))).toEqual({ code: 'ADO_WORKFLOW_UNREADABLE', message: `${latin1}: the file is not valid UTF-8 text` });
  });

  it('refuses files over 1 MiB before reading them', async () => {
    const big = await write('big.yml', 'a'.repeat(MAX_WORKFLOW_BYTES + 1));
    expect(await failure(readWorkflowFile(big))).toEqual({
      code: 'ADO_WORKFLOW_UNREADABLE',
      message: `${big}: the file is ${MAX_WORKFLOW_BYTES + 1} bytes; workflow files may be at most 1 MiB (1048576 bytes)`,
    });
    const exact = await write('exact.yml', 'a'.repeat(MAX_WORKFLOW_BYTES));
    expect((await readWorkflowFile(exact)).text).toHaveLength(MAX_WORKFLOW_BYTES);
  });

  it('reports a path through a regular file as not found, and a device as not a regular file', async () => {
    const file = await write('plain.yml', 'on: push\n');
    expect((await failure(readWorkflowFile(join(file, 'x.yml')))).code).toBe('ADO_WORKFLOW_NOT_FOUND');
    expect(await failure(readWorkflowFile('/dev/null'))).toEqual({ code: 'ADO_WORKFLOW_UNREADABLE', message: '/dev/null: this is not a regular file' });
  });

  it('reports other failures to look at or read a file with their error code', async () => {
    const long = join(dir, `${'n'.repeat(300)}.yml`);
    expect(await failure(readWorkflowFile(long))).toEqual({ code: 'ADO_WORKFLOW_UNREADABLE', message: `${long}: the file cannot be read (ENAMETOOLONG)` });
    if (process.platform === 'linux') {
      // A regular file of size 0 whose read fails: the process's own memory at address 0.
      expect(await failure(readWorkflowFile('/proc/self/mem'))).toEqual({ code: 'ADO_WORKFLOW_UNREADABLE', message: '/proc/self/mem: the file cannot be read (EIO)' });
    }
  });

  it.skipIf(process.getuid?.() === 0)('reports a file it may not read', async () => {
    const locked = await write('locked.yml', 'on: push\n');
    await chmod(locked, 0o000);
    expect(await failure(readWorkflowFile(locked))).toEqual({ code: 'ADO_WORKFLOW_UNREADABLE', message: `${locked}: the file cannot be read (EACCES)` });
    const lockedDir = join(dir, 'locked-dir');
    await mkdir(lockedDir);
    await write('locked-dir/w.yml', 'on: push\n');
    await chmod(lockedDir, 0o000);
    expect(await failure(readWorkflowFile(join(lockedDir, 'w.yml')))).toEqual({
      code: 'ADO_WORKFLOW_UNREADABLE', message: `${join(lockedDir, 'w.yml')}: the file cannot be read (EACCES)`,
    });
    await chmod(lockedDir, 0o755);
  });
});

describe('discoverWorkflows', () => {
  it('returns a file as it is', async () => {
    const path = await write('single/w.yaml', 'on: push\n');
    expect(await discoverWorkflows(path)).toEqual([path]);
  });

  it('lists the .yml and .yaml files of a directory, sorted, skipping others and subdirectories', async () => {
    const d = join(dir, 'flat');
    for (const name of ['b.yaml', 'a.yml', 'C.YML', 'notes.md', 'sub/x.yml', 'dir.yml/inner.yml']) await write(`flat/${name}`, 'on: push\n');
    expect(await discoverWorkflows(d)).toEqual([join(d, 'C.YML'), join(d, 'a.yml'), join(d, 'b.yaml')]);
  });

  it('uses .github/workflows of a repository root', async () => {
    const repo = join(dir, 'repo');
    await write('repo/top.yml', 'x: 1\n');
    await write('repo/.github/workflows/ci.yml', 'on: push\n');
    expect(await discoverWorkflows(repo)).toEqual([join(repo, '.github', 'workflows', 'ci.yml')]);
  });

  it('returns nothing for a directory without workflows and reports a missing path', async () => {
    await mkdir(join(dir, 'none'));
    expect(await discoverWorkflows(join(dir, 'none'))).toEqual([]);
    expect((await failure(discoverWorkflows(join(dir, 'nope')))).code).toBe('ADO_WORKFLOW_NOT_FOUND');
  });
});
