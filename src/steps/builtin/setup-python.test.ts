import { execFileSync } from 'node:child_process';
import { mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinContext, fakeTool, runMain } from './testing/builtin-context.ts';
import { setupPython } from './setup-python.ts';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

/** /a: python3 (3.9) and python3.12 beside it, plus pip3; /b: python3 and python (3.11). */
function machine(): { a: string; b: string; home: string; env: Record<string, string> } {
  const root = mkdtempSync(path.join(tmpdir(), 'ado-py-'));
  roots.push(root);
  const a = path.join(root, 'a');
  const b = path.join(root, 'b');
  fakeTool(a, 'python3', 'Python 3.9.18');
  fakeTool(a, 'python3.12', 'Python 3.12.1');
  fakeTool(a, 'pip3', 'pip 23.0');
  fakeTool(b, 'python3', 'Python 3.11.7');
  fakeTool(b, 'python', 'Python 3.11.7');
  const home = path.join(root, 'home');
  return { a, b, home, env: { PATH: `${a}:${b}`, HOME: home } };
}

async function setup(withInputs: Record<string, unknown>, env: Record<string, string>, workspace?: string) {
  const ctx = await builtinContext({ uses: 'actions/setup-python@v5', with: withInputs, env, workspace });
  const result = await runMain(setupPython, ctx);
  return { result, log: ctx.text(), ctx };
}

describe('actions/setup-python', () => {
  it('uses the host python3 when it satisfies python-version', async () => {
    const version = /Python (\S+)/.exec(execFileSync('python3', ['--version'], { encoding: 'utf8' }))![1]!;
    const minor = version.split('.').slice(0, 2).join('.');
    const { result, ctx } = await setup({ 'python-version': minor }, { PATH: process.env.PATH!, HOME: process.env.HOME! });
    expect(result).toMatchObject({ outcome: 'success', outputs: { 'python-version': version } });
    expect(execFileSync(result.outputs!['python-path']!, ['--version'], { encoding: 'utf8' })).toContain(version);
    expect(result.env?.pythonLocation).toBeTruthy();
    await ctx.cleanup();
  });

  it('finds python3.X beside python3 and adds python and pip names when the directory lacks them', async () => {
    const m = machine();
    const { result, ctx } = await setup({ 'python-version': '3.12' }, m.env);
    expect(result.outputs).toEqual({ 'python-version': '3.12.1', 'python-path': path.join(m.a, 'python3.12') });
    const [links, dir] = result.path!;
    expect(dir).toBe(m.a);
    expect(readlinkSync(path.join(links!, 'python'))).toBe(path.join(m.a, 'python3.12'));
    expect(readlinkSync(path.join(links!, 'pip'))).toBe(path.join(m.a, 'pip3'));
    expect(result.env).toMatchObject({ pythonLocation: path.dirname(m.a), Python3_ROOT_DIR: path.dirname(m.a), PKG_CONFIG_PATH: path.join(path.dirname(m.a), 'lib', 'pkgconfig') });
    await ctx.cleanup();
  });

  it('uses a directory as it is when it has python, and the last of several versions is the default', async () => {
    const m = machine();
    const single = await setup({ 'python-version': '3.11' }, m.env);
    expect(single.result.path).toEqual([m.b]);
    const several = await setup({ 'python-version': '3.11\n3.9' }, m.env);
    expect(several.result.outputs?.['python-version']).toBe('3.9.18');
    expect(several.result.path?.slice(-1)).toEqual([m.b]);
    expect(several.result.path?.[1]).toBe(m.a);
    await Promise.all([single.ctx.cleanup(), several.ctx.cleanup()]);
  });

  it('reads .python-version by default and pyproject.toml through python-version-file', async () => {
    const m = machine();
    const workspace = path.join(m.home, 'ws');
    fakeTool(workspace, '.keep', '');
    writeFileSync(path.join(workspace, '.python-version'), '3.11\n');
    expect((await setup({}, m.env, workspace)).result.outputs?.['python-version']).toBe('3.11.7');
    writeFileSync(path.join(workspace, 'pyproject.toml'), '[project]\nname = "x"\nrequires-python = ">=3.10,<3.12"\n');
    expect((await setup({ 'python-version-file': 'pyproject.toml' }, m.env, workspace)).result.outputs?.['python-version']).toBe('3.11.7');
  });

  it('leaves PATH and env alone with update-environment: false', async () => {
    const m = machine();
    const { result } = await setup({ 'python-version': '3.9', 'update-environment': false }, m.env);
    expect(result).toEqual({ outcome: 'success', outputs: { 'python-version': '3.9.18', 'python-path': path.join(m.a, 'python3') } });
  });

  it('finds pyenv versions and explains what is missing', async () => {
    const m = machine();
    fakeTool(path.join(m.home, '.pyenv/versions/3.8.18/bin'), 'python3', 'Python 3.8.18');
    expect((await setup({ 'python-version': '3.8' }, m.env)).result.outputs?.['python-version']).toBe('3.8.18');
    const missing = await setup({ 'python-version': '3.7' }, m.env);
    expect(missing.result.thrown).toContain('python-version "3.7" was asked, but the Python found on this machine are 3.9.18');
    expect(missing.result.thrown).toContain('pyenv install 3.7');
    const pypy = await setup({ 'python-version': 'pypy3.9' }, m.env);
    expect(pypy.result.thrown).toContain('python-version "pypy3.9" was asked');
  });

  it('accepts pre-releases for X.Y-dev and with allow-prereleases', async () => {
    const m = machine();
    fakeTool(m.a, 'python3.13', 'Python 3.13.0rc1');
    expect((await setup({ 'python-version': '3.13-dev' }, m.env)).result.outputs?.['python-version']).toBe('3.13.0rc1');
    expect((await setup({ 'python-version': '3.13', 'allow-prereleases': true }, m.env)).result.outputs?.['python-version']).toBe('3.13.0rc1');
    expect((await setup({ 'python-version': '3.13' }, m.env)).result.thrown).toContain('3.13.0rc1');
  });
});
