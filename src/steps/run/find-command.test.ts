import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCommand } from './find-command.ts';

describe('findCommand', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ado-find-'));
    await writeFile(join(dir, 'tool'), '#!/bin/sh\n');
    await chmod(join(dir, 'tool'), 0o755);
    await writeFile(join(dir, 'plain'), 'not executable');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds an executable file on the PATH, skipping empty entries and non-executables', () => {
    expect(findCommand('tool', `::/nonexistent:${dir}`)).toBe(join(dir, 'tool'));
    expect(findCommand('plain', dir)).toBeUndefined();
    expect(findCommand('missing', dir)).toBeUndefined();
  });

  it('does not take a directory for a program', () => {
    expect(findCommand('tmp', '/')).toBeUndefined();
  });

  it('checks names with a slash as given', () => {
    expect(findCommand(join(dir, 'tool'), '')).toBe(join(dir, 'tool'));
    expect(findCommand(join(dir, 'plain'), '')).toBeUndefined();
  });

  it('answers repeated questions from its cache', () => {
    const path = `${dir}:/usr/bin`;
    expect(findCommand('tool', path)).toBe(findCommand('tool', path));
  });
});
