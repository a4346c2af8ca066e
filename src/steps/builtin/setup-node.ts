/**
 * `actions/setup-node`, offline: uses a Node.js already on this machine (PATH, nvm, fnm, asdf, n)
 * that satisfies `node-version` / `node-version-file`, puts its directory first on PATH and sets the
 * `node-version` output. `registry-url` writes an `.npmrc` in RUNNER_TEMP as the real action does.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';
import type { StepContext, StepExecutor, StepResult } from '../../engine/ports/step.ts';
import { booleanInput, noteUnusedInputs, stringInput } from './inputs.ts';
import { chooseToolchains, noteCacheInput, requestedVersions, type SetupConfig } from './setup-toolchain.ts';
import type { ToolDefinition } from './toolchain.ts';

/** Node.js on this machine. */
export const nodeTool: ToolDefinition = {
  title: 'Node.js',
  names: ['node'],
  knownDirs: ['~/.nvm/versions/node/*/bin', '~/.local/share/fnm/node-versions/*/installation/bin', '~/.asdf/installs/nodejs/*/bin', '/usr/local/n/versions/node/*/bin', '/opt/hostedtoolcache/node/*/x64/bin'],
  versionArgs: ['--version'],
  parseVersion: (out) => /^v?(\d+\.\d+\.\d+\S*)/m.exec(out)?.[1]?.replace(/^/, 'v'),
};

const ltsCodenames: Record<string, number> = { argon: 4, boron: 6, carbon: 8, dubnium: 10, erbium: 12, fermium: 14, gallium: 16, hydrogen: 18, iron: 20, jod: 22, krypton: 24 };

/** `lts/*`, `lts/<codename>`, `latest`, `current`, `node`: resolved without the network. */
function nodeAlias(spec: string, log: (text: string) => void): ((version: string) => boolean) | undefined {
  const lower = spec.toLowerCase();
  const major = (v: string): number => semver.coerce(v)?.major ?? -1;
  if (['latest', 'current', 'node', '*'].includes(lower)) return () => true;
  const codename = /^lts\/(.+)$/.exec(lower)?.[1];
  if (codename === undefined) return undefined;
  if (codename in ltsCodenames) return (v) => major(v) === ltsCodenames[codename];
  // Which release is newest cannot be known offline: any long-term-support line (even major) will do.
  log(`${spec}: offline, any LTS release line (an even major version) is accepted\n`);
  return (v) => major(v) >= 4 && major(v) % 2 === 0;
}

const config: SetupConfig = {
  action: 'actions/setup-node', toolName: 'node', tool: nodeTool, versionInput: 'node-version', fileInput: 'node-version-file', alias: nodeAlias,
  installHint: (spec) => `install Node.js ${spec || 'LTS'} (for example \`nvm install ${spec || '--lts'}\`) and put it on PATH, or change node-version.`,
};

const used = ['node-version', 'node-version-file', 'cache', 'cache-dependency-path', 'registry-url', 'scope', 'always-auth', 'token', 'architecture', 'package-manager-cache'];

/** The setup-node built-in. */
export const setupNode: StepExecutor = {
  repeatSafe: true,
  async execute(ctx): Promise<StepResult> {
    noteUnusedInputs(ctx.step.with, used, (t) => ctx.log('system', t));
    noteCacheInput(ctx);
    const [choice] = await chooseToolchains(ctx, config, (await requestedVersions(ctx, config)).slice(0, 1));
    const env = await registryConfig(ctx);
    return { outcome: 'success', outputs: { 'node-version': choice!.tool.version }, path: [choice!.tool.dir], ...(env && { env }) };
  },
};

/** `registry-url`: an `.npmrc` whose token comes from NODE_AUTH_TOKEN, as the real action writes it. */
async function registryConfig(ctx: StepContext): Promise<Record<string, string> | undefined> {
  const url = stringInput(ctx.step.with, 'registry-url');
  if (url === '') return undefined;
  const registry = url.endsWith('/') ? url : `${url}/`;
  let scope = stringInput(ctx.step.with, 'scope');
  if (scope === '' && registry.includes('npm.pkg.github.com')) scope = stringInput(ctx.contexts.github as Record<string, unknown>, 'repository_owner');
  scope = scope === '' || scope.startsWith('@') ? scope.toLowerCase() : `@${scope.toLowerCase()}`;
  const lines = [`${registry.replace(/^\w+:/, '')}:_authToken=\${NODE_AUTH_TOKEN}`, `${scope ? `${scope}:` : ''}registry=${registry}`];
  if (booleanInput(ctx.step.with, 'always-auth', false)) lines.push('always-auth=true');
  const file = path.join(ctx.env.RUNNER_TEMP ?? ctx.tempDir, '.npmrc');
  await writeFile(file, `${lines.join('\n')}\n`);
  ctx.log('system', `Wrote ${file} for ${registry}\n`);
  return { NPM_CONFIG_USERCONFIG: file, NODE_AUTH_TOKEN: ctx.env.NODE_AUTH_TOKEN ?? 'XXXXX-XXXXX-XXXXX-XXXXX' };
}
