/**
 * What the four setup-* built-ins share: read the requested version (input, version file, or
 * nothing), find a host toolchain that satisfies it, and fail with a message that says what is
 * installed, what was asked and what to do when none does.
 */
import path from 'node:path';
import { permanent } from '../../core/failure.ts';
import type { StepContext } from '../../engine/ports/step.ts';
import { booleanInput, multilineInput, stringInput } from './inputs.ts';
import { describeSeen, findToolchain, type FoundTool, type ToolDefinition } from './toolchain.ts';
import { readVersionFile, satisfiesSpec, type ToolName } from './version-spec.ts';
import { workspaceOf } from './workspace.ts';

/** One setup action's particulars. */
export interface SetupConfig {
  /** `actions/setup-node`. */
  action: string;
  toolName: ToolName;
  tool: ToolDefinition;
  /** `node-version`. */
  versionInput: string;
  /** `node-version-file`. */
  fileInput: string;
  /** Files read when neither input is given (setup-python reads `.python-version`). */
  defaultFiles?: readonly string[];
  /** A matcher for aliases (`lts/*`, `stable`); undefined to treat the spec as a semver range. */
  alias?(spec: string, log: (text: string) => void): ((version: string) => boolean) | undefined;
  /** What to tell the user to install. */
  installHint(spec: string): string;
}

/** A requested version and the toolchain chosen for it. */
export interface SetupChoice {
  /** The spec as asked, or undefined when any version will do. */
  spec?: string;
  tool: FoundTool;
}

/** The requested versions: the input's lines, else the version file's, else none. */
export async function requestedVersions(ctx: StepContext, config: SetupConfig): Promise<string[]> {
  const given = multilineInput(ctx.step.with, config.versionInput);
  const file = stringInput(ctx.step.with, config.fileInput);
  if (given.length > 0) {
    if (file !== '') ctx.log('system', `Both ${config.versionInput} and ${config.fileInput} are given; ${config.versionInput} is used\n`);
    return given;
  }
  const workspace = workspaceOf(ctx);
  if (file !== '') return [await readVersionFile(path.resolve(workspace, file), config.toolName)];
  for (const name of config.defaultFiles ?? []) {
    const version = await readVersionFile(path.join(workspace, name), config.toolName).catch(() => undefined);
    if (version !== undefined) return [version];
  }
  return [];
}

/** Finds a host toolchain for each requested version (one for "any version"); fails clearly when one is missing. */
export async function chooseToolchains(ctx: StepContext, config: SetupConfig, specs: readonly string[]): Promise<SetupChoice[]> {
  const choices: SetupChoice[] = [];
  for (const spec of specs.length > 0 ? specs : [undefined]) {
    const accepts = spec === undefined ? () => true : matcherFor(ctx, config, spec);
    const search = await findToolchain(config.tool, { env: ctx.env, path: ctx.path, cwd: ctx.step.workingDirectory, signal: ctx.signal }, accepts);
    if (!search.found) throw permanent(missingMessage(ctx, config, spec, search.seen));
    ctx.log('system', `Using ${config.tool.title} ${search.found.version} found at ${search.found.path}${spec === undefined ? '' : ` (asked: ${spec})`}\n`);
    choices.push({ spec, tool: search.found });
  }
  return choices;
}

function matcherFor(ctx: StepContext, config: SetupConfig, spec: string): (version: string) => boolean {
  const alias = config.alias?.(spec, (text) => ctx.log('system', text));
  if (alias) return alias;
  const prereleases = booleanInput(ctx.step.with, 'allow-prereleases', false);
  // As setup-python does: with pre-releases allowed, `3.13` also takes 3.13.0rc1 (below 3.13.0 in semver).
  const range = prereleases && /^\d+\.\d+$/.test(spec) ? `~${spec}.0-0` : spec;
  return (version) => satisfiesSpec(version, range, prereleases);
}

function missingMessage(ctx: StepContext, config: SetupConfig, spec: string | undefined, seen: readonly FoundTool[]): string {
  const asked = spec === undefined ? '' : `${config.versionInput} "${spec}" was asked, `;
  const where = ['PATH', ...config.tool.knownDirs].join(', ');
  const found = seen.length === 0
    ? `${asked}but no ${config.tool.title} (\`${config.tool.names[0]}\`) was found on this machine (searched ${where}).`
    : `${asked}but the ${config.tool.title} found on this machine ${seen.length === 1 ? 'is' : 'are'} ${describeSeen(seen)}.`;
  return `${config.action}: ${found} autodevops uses the host's toolchains and downloads none: ${config.installHint(spec ?? '')}`;
}

/** The `cache:` input: the host's own package caches persist between local runs, so nothing is saved or restored. */
export function noteCacheInput(ctx: StepContext): void {
  const cache = stringInput(ctx.step.with, 'cache');
  if (cache === '') return;
  ctx.log('system', `cache: ${cache} — locally the host's own ${cache} cache persists between runs, so nothing is restored or saved; use actions/cache for other directories\n`);
}
