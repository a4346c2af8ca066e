import { describe, expect, it } from 'vitest';
import { failureKind } from '../../core/failure.ts';
import { resolveShell, scriptContents, shellInvocation } from './shells.ts';
import { splitArguments } from './split-arguments.ts';

const none = (): undefined => undefined;

describe('shellInvocation', () => {
  it.each([
    [undefined, '/t/s.sh', { command: 'bash', args: ['-e', '/t/s.sh'], extension: '.sh' }],
    ['', '/t/s.sh', { command: 'bash', args: ['-e', '/t/s.sh'], extension: '.sh' }],
    ['bash', '/t/s.sh', { command: 'bash', args: ['--noprofile', '--norc', '-eo', 'pipefail', '/t/s.sh'], extension: '.sh' }],
    ['sh', '/t/s.sh', { command: 'sh', args: ['-e', '/t/s.sh'], extension: '.sh' }],
    ['python', '/t/s.py', { command: 'python', args: ['/t/s.py'], extension: '.py' }],
    ['pwsh', '/t/s.ps1', { command: 'pwsh', args: ['-command', ". '/t/s.ps1'"], extension: '.ps1' }],
    ['node', '/t/s.js', { command: 'node', args: ['/t/s.js'], extension: '.js' }],
    ['perl {0}', '/t/s', { command: 'perl', args: ['/t/s'], extension: '' }],
    ['bash -c "source {0}"', '/t/s.sh', { command: 'bash', args: ['-c', 'source /t/s.sh'], extension: '.sh' }],
    ['python -u {0}', '/t/s.py', { command: 'python', args: ['-u', '/t/s.py'], extension: '.py' }],
    ['BASH', '/t/s.sh', { command: 'BASH', args: ['--noprofile', '--norc', '-eo', 'pipefail', '/t/s.sh'], extension: '.sh' }],
  ])('shell %j runs %s as GitHub does', (shell, script, expected) => {
    expect(shellInvocation(shell, script)).toEqual(expected);
  });

  it('keeps a script path with spaces as one argument', () => {
    expect(shellInvocation('perl -w {0}', '/my dir/s').args).toEqual(['-w', '/my dir/s']);
  });

  it('falls back to sh without bash, python3 without python, our own Node without node', () => {
    const only = (names: Record<string, string>) => (c: string): string | undefined => names[c];
    expect(shellInvocation(undefined, '/s', { resolve: only({ sh: '/bin/sh' }) }).command).toBe('/bin/sh');
    expect(shellInvocation(undefined, '/s', { resolve: none }).command).toBe('sh');
    expect(shellInvocation('python', '/s', { resolve: only({ python3: '/usr/bin/python3' }) }).command).toBe('/usr/bin/python3');
    expect(shellInvocation('python', '/s', { resolve: none }).command).toBe('python');
    expect(shellInvocation('node', '/s', { resolve: none, fallbackNode: '/opt/node' }).command).toBe('/opt/node');
    expect(shellInvocation('node', '/s', { resolve: none }).command).toBe(process.execPath);
    expect(shellInvocation('perl {0}', '/s', { resolve: only({ perl: '/usr/bin/perl' }) }).command).toBe('/usr/bin/perl');
    expect(shellInvocation('perl {0}', '/s', { resolve: none }).command).toBe('perl');
  });

  it('refuses cmd and powershell off Windows, and accepts them on Windows', () => {
    for (const shell of ['cmd', 'powershell']) {
      expect(() => shellInvocation(shell, '/s', { platform: 'linux' })).toThrow(/exists only on Windows/);
    }
    expect(shellInvocation('cmd', 'C:\\s.cmd', { platform: 'win32' })).toEqual({
      command: 'cmd', args: ['/D', '/E:ON', '/V:OFF', '/S', '/C', 'CALL C:\\s.cmd'], extension: '.cmd',
    });
    expect(shellInvocation('powershell', 'C:\\s.ps1', { platform: 'win32' }).args).toEqual(['-command', ". 'C:\\s.ps1'"]);
  });

  it('rejects a custom shell without {0} and unknown bare names, as a permanent failure', () => {
    for (const shell of ['perl', 'perl -w', 'bash -e', ' bash']) {
      let error: unknown;
      try {
        shellInvocation(shell, '/s');
      } catch (e) {
        error = e;
      }
      expect((error as Error).message).toContain(`Invalid shell option '${shell}'`);
      expect(failureKind(error)).toBe('failed');
    }
  });
});

describe('scriptContents', () => {
  it('keeps bash, sh, python and custom scripts as written', () => {
    expect(scriptContents(resolveShell('bash'), 'echo hi\n')).toBe('echo hi\n');
    expect(scriptContents(resolveShell(undefined), 'echo hi')).toBe('echo hi');
    expect(scriptContents(resolveShell('perl {0}'), 'print 1')).toBe('print 1');
  });

  it('wraps PowerShell to stop on errors and return $LASTEXITCODE, and silences cmd echo', () => {
    expect(scriptContents(resolveShell('pwsh'), 'Write-Host hi')).toBe(
      "$ErrorActionPreference = 'stop'\nWrite-Host hi\nif ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }",
    );
    expect(scriptContents(resolveShell('cmd', { platform: 'win32' }), 'dir')).toBe('@echo off\ndir');
  });
});

describe('splitArguments (.NET rules)', () => {
  it.each([
    ['a b\tc', ['a', 'b', 'c']],
    ['  a   b  ', ['a', 'b']],
    ['"a b" c', ['a b', 'c']],
    ["-command \". '{0}'\"", ['-command', ". '{0}'"]],
    ["'a b'", ["'a", "b'"]],
    ['a\\b', ['a\\b']],
    ['a\\\\"b c"', ['a\\b c']],
    ['a\\"b', ['a"b']],
    ['a\\\\\\"b', ['a\\"b']],
    ['"a""b"', ['a"b']],
    ['x"y z"w', ['xy zw']],
    ['a\\', ['a\\']],
    ['', []],
  ])('%j → %j', (text, expected) => {
    expect(splitArguments(text)).toEqual(expected);
  });
});
