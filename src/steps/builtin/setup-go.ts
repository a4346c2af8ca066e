/**
 * `actions/setup-go`, offline: uses a Go already on this machine (PATH, /usr/local/go, ~/sdk,
 * /usr/lib/go-*, asdf, goenv) that satisfies `go-version` / `go-version-file`, puts its `bin` and
 * `$(go env GOPATH)/bin` first on PATH and sets `go-version`. A `go.mod`'s `go 1.21` is read as
 * "1.21 or newer": a newer Go builds the module (Go's forward compatibility).
 */
import path from 'node:path';
import type { StepExecutor, StepResult } from '../../engine/ports/step.ts';
import { runHostCommand } from './host-command.ts';
import { noteUnusedInputs } from './inputs.ts';
import { chooseToolchains, noteCacheInput, requestedVersions, type SetupConfig } from './setup-toolchain.ts';
import type { ToolDefinition } from './toolchain.ts';

/** Go on this machine. */
export const goTool: ToolDefinition = {
  title: 'Go',
  names: ['go'],
  knownDirs: ['$GOROOT/bin', '/usr/local/go/bin', '~/sdk/go*/bin', '/usr/lib/go-*/bin', '~/.asdf/installs/golang/*/go/bin', '~/.goenv/versions/*/bin', '/opt/hostedtoolcache/go/*/x64/bin'],
  versionArgs: ['version'],
  parseVersion: (out) => /\bgo version go(\d+(?:\.\d+)*[\w.-]*)/.exec(out)?.[1],
};

/** `stable` and `oldstable` name releases only the network knows: any host Go is taken. */
function goAlias(spec: string, log: (text: string) => void): ((version: string) => boolean) | undefined {
  if (spec !== 'stable' && spec !== 'oldstable') return undefined;
  log(`go-version ${spec}: offline, the Go found on this machine is used\n`);
  return () => true;
}

const config: SetupConfig = {
  action: 'actions/setup-go', toolName: 'go', tool: goTool, versionInput: 'go-version', fileInput: 'go-version-file', alias: goAlias,
  installHint: (spec) => `install Go${spec ? ` ${spec.replace(/^>=/, '')}` : ''} (https://go.dev/dl/, or your package manager) and put its bin directory on PATH, or change go-version.`,
};

const used = ['go-version', 'go-version-file', 'cache', 'cache-dependency-path', 'architecture', 'token'];

/** The setup-go built-in. */
export const setupGo: StepExecutor = {
  repeatSafe: true,
  async execute(ctx): Promise<StepResult> {
    noteUnusedInputs(ctx.step.with, used, (t) => ctx.log('system', t));
    noteCacheInput(ctx);
    const [choice] = await chooseToolchains(ctx, config, (await requestedVersions(ctx, config)).slice(0, 1));
    const tool = choice!.tool;
    const gopath = await runHostCommand(tool.path, ['env', 'GOPATH'], { cwd: ctx.step.workingDirectory, env: ctx.env, signal: ctx.signal, timeoutMs: 15_000 }).catch(() => undefined);
    const extra = gopath?.exitCode === 0 && gopath.stdout.trim() !== '' ? [path.join(gopath.stdout.trim().split(path.delimiter)[0]!, 'bin')] : [];
    return { outcome: 'success', outputs: { 'go-version': tool.version }, path: [tool.dir, ...extra] };
  },
};
