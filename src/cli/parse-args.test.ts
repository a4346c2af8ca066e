import { describe, expect, it } from 'vitest';
import type { AutodevopsError } from '../core/errors.ts';
import { parseArgs } from './parse-args.ts';

function usageError(argv: string[], env: Record<string, string> = {}): AutodevopsError {
  try {
    parseArgs(argv, env);
  } catch (e) {
    return e as AutodevopsError;
  }
  throw new Error(`expected ${argv.join(' ')} to be rejected`);
}

describe('parseArgs', () => {
  it('finds the command after global flags and keeps positionals in order', () => {
    const parsed = parseArgs(['--data-dir', '/d', 'run', 'push', 'ci.yml', '--json']);
    expect(parsed).toEqual({ command: 'run', positionals: ['push', 'ci.yml'], flags: { 'data-dir': '/d', json: true } });
  });

  it('reads string flags as --x v, --x=v, -x v, -xv and -x=v; the last one wins', () => {
    expect(parseArgs(['run', '--event', 'push']).flags.event).toBe('push');
    expect(parseArgs(['run', '--event=pull_request']).flags.event).toBe('pull_request');
    expect(parseArgs(['run', '-e', 'push']).flags.event).toBe('push');
    expect(parseArgs(['run', '-Cdir']).flags.workdir).toBe('dir');
    expect(parseArgs(['run', '-C=dir']).flags.workdir).toBe('dir');
    expect(parseArgs(['run', '-e', 'a', '-e', 'b']).flags.event).toBe('b');
  });

  it('reads booleans, alone or grouped as short flags', () => {
    expect(parseArgs(['logs', 'r1', '-fh']).flags).toEqual({ follow: true, help: true });
    expect(parseArgs(['--no-color', 'list']).flags['no-color']).toBe(true);
  });

  it('collects lists from repeats and commas, checking choices', () => {
    expect(parseArgs(['run', '-j', 'build', '--job', 'test,lint']).flags.job).toEqual(['build', 'test', 'lint']);
    expect(parseArgs(['list', '--status', 'running, waiting', '--status=completed']).flags.status).toEqual(['running', 'waiting', 'completed']);
    expect(usageError(['list', '--status', 'done']).message).toBe('--status does not accept "done"; use one of: queued, running, waiting, needs-decision, completed');
    expect(usageError(['run', '--job', ',']).message).toBe('--job needs a value (id)');
  });

  it('reads numbers as positive whole numbers', () => {
    expect(parseArgs(['list', '--limit', '5']).flags.limit).toBe(5);
    for (const bad of ['0', '1.5', 'ten', '99999999999999999999']) {
      expect(usageError(['list', `--limit=${bad}`]).message).toBe(`--limit expects a positive whole number, got "${bad}"`);
    }
  });

  it('collects key-value flags into maps, splitting at the first separator', () => {
    const { flags } = parseArgs(['run', '--input', 'a=1', '--input', 'b=x=y', '--input', 'empty=', '--matrix', 'node:22', '--matrix', 'os:ubuntu:24', '--var', 'V=1', '--env', 'E=2']);
    expect(flags.input).toEqual({ a: '1', b: 'x=y', empty: '' });
    expect(flags.matrix).toEqual({ node: '22', os: 'ubuntu:24' });
    expect(flags.var).toEqual({ V: '1' });
    expect(flags.env).toEqual({ E: '2' });
  });

  it('reads `-s NAME` from the environment, like act', () => {
    expect(parseArgs(['run', '-s', 'TOKEN', '-s', 'OTHER=x'], { TOKEN: 'from-env' }).flags.secret).toEqual({ TOKEN: 'from-env', OTHER: 'x' });
    const missing = usageError(['run', '--secret', 'TOKEN']);
    expect([missing.code, missing.message]).toEqual(['ADO_ARGUMENT_INVALID', '--secret TOKEN: TOKEN is not set in the environment']);
    expect(missing.exitCode).toBe(2);
  });

  it('rejects malformed key-value pairs, naming the flag without echoing a possible secret', () => {
    const e = usageError(['run', '--input', 'novalue']);
    expect([e.code, e.message, e.hint]).toEqual(['ADO_ARGUMENT_INVALID', '--input: expected name=value, got "novalue"', 'Write it as --input NAME=value.']);
    expect(usageError(['run', '--matrix', 'node']).hint).toBe('Write it as --matrix node:22.');
    expect(usageError(['run', '--secret', '=hunter2']).message).toBe('--secret: the name before "=" is empty');
    expect(usageError(['run', '-s', 'ghp_abc-123']).message).toBe('-s: expected NAME=value, or the NAME of an environment variable');
  });

  it('takes everything after -- as positionals, and a lone - as a positional', () => {
    expect(parseArgs(['validate', '--', '--weird.yml', '-']).positionals).toEqual(['--weird.yml', '-']);
    expect(parseArgs(['validate', '-']).positionals).toEqual(['-']);
  });

  it('rejects unknown flags and commands with a suggestion', () => {
    expect(usageError(['run', '--inptu', 'a=1']).message).toBe('unknown flag --inptu (did you mean --input?)');
    expect(usageError(['run', '-x']).message).toBe('unknown flag -x');
    expect(usageError(['lsit']).message).toBe('unknown command "lsit" (did you mean "list"?)');
    expect(usageError(['frobnicate']).message).toBe('unknown command "frobnicate"');
    expect(usageError(['lsit']).code).toBe('ADO_USAGE');
  });

  it('rejects flags of another command, naming where they belong', () => {
    expect(usageError(['list', '--follow']).message).toBe('--follow is not a flag of autodevops list; it belongs to: logs');
    expect(usageError(['--event', 'push']).message).toBe('--event is not a flag of autodevops without a command; it belongs to: run');
  });

  it('rejects a missing value, and a value given to a boolean', () => {
    expect(usageError(['run', '--event']).message).toBe('--event needs a value (name)');
    expect(usageError(['run', '--event', '--json']).message).toBe('--event needs a value (name)');
    expect(usageError(['run', '-j']).message).toBe('-j needs a value (id)');
    expect(usageError(['list', '--json=yes']).message).toBe('--json takes no value');
  });

  it('checks the number of positionals, except for help', () => {
    expect(usageError(['show']).message).toBe('autodevops show needs <run>');
    expect(usageError(['signal', 'r1']).message).toBe('autodevops signal needs <name>');
    expect(usageError(['cancel', 'a', 'b']).message).toBe('autodevops cancel: unexpected argument "b"');
    expect(parseArgs(['validate', 'a', 'b', 'c']).positionals).toEqual(['a', 'b', 'c']);
    expect(parseArgs(['show', '--help']).command).toBe('show');
    expect(parseArgs(['show', '--version']).flags.version).toBe(true);
    expect(parseArgs(['help', 'show', 'extra']).positionals).toEqual(['show', 'extra']);
  });

  it('gives no command for an empty command line', () => {
    expect(parseArgs([])).toEqual({ command: undefined, positionals: [], flags: {} });
  });
});
