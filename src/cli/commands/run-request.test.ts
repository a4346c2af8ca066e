import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../parse-args.ts';
import { buildRunRequest, splitPositionals } from './run-request.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ado-run-request-'));
  await writeFile(join(dir, '.secrets'), 'TOKEN=from-file\nOTHER=file\n');
  await writeFile(join(dir, '.vars'), 'REGION=eu\n');
  await writeFile(join(dir, '.env'), 'MODE=test\n');
  await writeFile(join(dir, 'ci.yml'), 'on: push\n');
  await mkdir(join(dir, 'push'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const request = (argv: string[], env: Record<string, string> = {}) => {
  const { flags, positionals } = parseArgs(['run', ...argv], env);
  return buildRunRequest(flags, positionals, dir);
};

describe('buildRunRequest', () => {
  it('defaults to the workflows directory and leaves unset fields out', async () => {
    expect(await request([])).toEqual({ workflowPath: '.github/workflows' });
  });

  it('maps every flag, with command-line values winning over dotenv files', async () => {
    const argv = [
      '--event', 'workflow_dispatch', '--event-path', 'event.json', '-C', 'ws', '-j', 'build', '-j', 'test', '--input', 'env=prod',
      '--matrix', 'node:22', '--secret-file', '.secrets', '-s', 'TOKEN=flag', '--var-file', '.vars', '--env-file', '.env', '--env', 'EXTRA=1', 'ci.yml',
    ];
    expect(await request(argv)).toEqual({
      workflowPath: 'ci.yml', event: 'workflow_dispatch', eventPath: 'event.json', workdir: join(dir, 'ws'), jobs: ['build', 'test'],
      inputs: { env: 'prod' }, matrix: { node: '22' }, secrets: { TOKEN: 'flag', OTHER: 'file' }, vars: { REGION: 'eu' }, env: { MODE: 'test', EXTRA: '1' },
    });
  });

  it('passes flag maps through when there is no file', async () => {
    expect(await request(['--var', 'A=1', '-s', 'T'], { T: 'env' })).toEqual({ workflowPath: '.github/workflows', vars: { A: '1' }, secrets: { T: 'env' } });
  });

  it('stops at an unreadable secrets file before anything else', async () => {
    await expect(request(['--secret-file', 'nope'])).rejects.toMatchObject({ code: 'ADO_SECRETS_FILE_UNREADABLE' });
  });
});

describe('splitPositionals (act-style event names)', () => {
  it('takes a leading word that is not an existing path as the event', () => {
    expect(splitPositionals(undefined, ['pull_request'], dir)).toEqual({ event: 'pull_request', workflowPath: '.github/workflows' });
    expect(splitPositionals(undefined, ['release', 'ci.yml'], dir)).toEqual({ event: 'release', workflowPath: 'ci.yml' });
  });

  it('takes an existing path, or anything that is not a plain word, as the workflow path', () => {
    expect(splitPositionals('push', ['push'], dir)).toEqual({ event: 'push', workflowPath: 'push' });
    expect(splitPositionals(undefined, ['ci.yml'], dir)).toEqual({ event: undefined, workflowPath: 'ci.yml' });
    expect(splitPositionals(undefined, ['missing/ci.yml'], dir)).toEqual({ event: undefined, workflowPath: 'missing/ci.yml' });
  });

  it('rejects two paths, and an event given twice', () => {
    expect(() => splitPositionals(undefined, ['ci.yml', 'other.yml'], dir)).toThrow('autodevops run takes one workflow path; "ci.yml" is a path, so "other.yml" is one too many');
    expect(() => splitPositionals('push', ['release', 'ci.yml'], dir)).toThrow('the event is given twice: "release" and --event push');
  });
});
