import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStepRegistry } from '../steps/registry.ts';
import { buildRunInput } from './run-input.ts';

let dir: string;
const git = (...args: string[]): string => execFileSync('git', args, {
  cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' },
}).trim();

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ado-run-input-'));
  await mkdir(path.join(dir, '.github/workflows'), { recursive: true });
  await writeFile(path.join(dir, '.github/workflows/ci.yml'), 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n');
  git('init', '--quiet', '--initial-branch=main');
  git('remote', 'add', 'origin', 'https://example.test/acme/local.git');
  git('add', '.');
  git('commit', '--quiet', '-m', 'one');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const build = (payload: Record<string, unknown>) => buildRunInput(
  { workflowPath: path.join(dir, '.github/workflows/ci.yml'), workdir: dir, eventPayload: payload },
  [path.join(dir, '.github/workflows/ci.yml')], { cwd: dir, env: {}, registry: createStepRegistry() },
);

describe('github.ref, github.sha and github.repository of a run', () => {
  it('come from a push payload that names them, whatever the workspace checkout says', async () => {
    const { trigger } = await build({ ref: 'refs/heads/feature', after: 'a'.repeat(40), repository: { full_name: 'acme/remote' } });
    expect([trigger.ref, trigger.sha, trigger.repository]).toEqual(['refs/heads/feature', 'a'.repeat(40), 'acme/remote']);
  });

  it('come from the workspace\'s git checkout for what the payload leaves out', async () => {
    const { trigger } = await build({ ref: 'refs/heads/feature' });
    expect([trigger.ref, trigger.sha, trigger.repository]).toEqual(['refs/heads/feature', git('rev-parse', 'HEAD'), 'acme/local']);
  });
});
