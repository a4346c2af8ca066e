/**
 * `actions/setup-python`, offline: uses a CPython already on this machine (PATH, `python3.X` beside
 * it, pyenv, asdf) that satisfies `python-version` / `python-version-file` (or `.python-version`),
 * puts it first on PATH (with `python` and `pip` names, as the real action guarantees) and sets
 * `python-version`, `python-path` and the `pythonLocation` variables.
 */
import { existsSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { StepContext, StepExecutor, StepResult } from '../../engine/ports/step.ts';
import { booleanInput, noteUnusedInputs } from './inputs.ts';
import { chooseToolchains, noteCacheInput, requestedVersions, type SetupConfig } from './setup-toolchain.ts';
import type { FoundTool, ToolDefinition } from './toolchain.ts';
import { satisfiesSpec } from './version-spec.ts';

/** CPython on this machine. */
export const pythonTool: ToolDefinition = {
  title: 'Python',
  names: ['python3', 'python'],
  namePattern: /^python3\.\d+$/,
  knownDirs: ['~/.pyenv/versions/*/bin', '~/.asdf/installs/python/*/bin', '/opt/hostedtoolcache/Python/*/x64/bin'],
  versionArgs: ['--version'],
  parseVersion: (out) => /^Python (\d+\.\d+\.\d+\S*)/m.exec(out)?.[1],
};

/** `3.13-dev` asks for a pre-release; PyPy and GraalPy cannot be CPython on the host. */
function pythonAlias(spec: string): ((version: string) => boolean) | undefined {
  if (/^(pypy|graalpy)/i.test(spec)) return () => false;
  const dev = /^(\d+\.\d+)-dev$/.exec(spec)?.[1];
  return dev === undefined ? undefined : (v) => satisfiesSpec(v, `~${dev}.0-0`, true);
}

const config: SetupConfig = {
  action: 'actions/setup-python', toolName: 'python', tool: pythonTool, versionInput: 'python-version', fileInput: 'python-version-file',
  defaultFiles: ['.python-version'], alias: pythonAlias,
  installHint: (spec) => `install Python ${spec || '3'} (for example \`pyenv install ${spec || '3'}\`) and put it on PATH, or change python-version.`,
};

const used = ['python-version', 'python-version-file', 'cache', 'cache-dependency-path', 'update-environment', 'allow-prereleases', 'architecture', 'token'];

/** The setup-python built-in. */
export const setupPython: StepExecutor = {
  repeatSafe: true,
  async execute(ctx): Promise<StepResult> {
    noteUnusedInputs(ctx.step.with, used, (t) => ctx.log('system', t));
    noteCacheInput(ctx);
    const choices = await chooseToolchains(ctx, config, await requestedVersions(ctx, config));
    // As with several python-version lines on GitHub, the last one is the default `python`.
    const chosen = choices[choices.length - 1]!.tool;
    const outputs = { 'python-version': chosen.version, 'python-path': chosen.path };
    if (!booleanInput(ctx.step.with, 'update-environment', true)) return { outcome: 'success', outputs };
    const dirs = await Promise.all(choices.map((c) => binDirs(ctx, c.tool)));
    const prefix = path.dirname(chosen.dir);
    const env = { pythonLocation: prefix, Python_ROOT_DIR: prefix, Python2_ROOT_DIR: prefix, Python3_ROOT_DIR: prefix, PKG_CONFIG_PATH: path.join(prefix, 'lib', 'pkgconfig') };
    return { outcome: 'success', outputs, env, path: dirs.reverse().flat() };
  },
};

/** The interpreter's directory, preceded by one of `python`/`pip` links when that directory lacks them. */
async function binDirs(ctx: StepContext, tool: FoundTool): Promise<string[]> {
  const names = [['python', tool.path], ['pip', path.join(tool.dir, 'pip3')]] as const;
  const missing = names.filter(([name, target]) => !existsSync(path.join(tool.dir, name)) && existsSync(target));
  if (missing.length === 0) return [tool.dir];
  const links = path.join(ctx.tempDir, `python-${tool.version}`);
  await mkdir(links, { recursive: true });
  await Promise.all(missing.map(([name, target]) => symlink(target, path.join(links, name)).catch(() => undefined)));
  return [links, tool.dir];
}
