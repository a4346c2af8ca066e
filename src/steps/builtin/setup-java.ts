/**
 * `actions/setup-java`, offline: uses a JDK already on this machine (JAVA_HOME, PATH, /usr/lib/jvm,
 * sdkman) whose version satisfies `java-version` / `java-version-file` (`8` and `1.8` both mean
 * Java 8), whatever its vendor; sets JAVA_HOME, JAVA_HOME_<major>_<ARCH>, PATH and the `version`,
 * `path` and `distribution` outputs. Maven settings (`server-id`, `gpg-*`) are not written: locally
 * they would overwrite the user's own ~/.m2/settings.xml.
 */
import path from 'node:path';
import semver from 'semver';
import type { StepExecutor, StepResult } from '../../engine/ports/step.ts';
import { noteUnusedInputs, stringInput } from './inputs.ts';
import { chooseToolchains, noteCacheInput, requestedVersions, type SetupConfig } from './setup-toolchain.ts';
import type { ToolDefinition } from './toolchain.ts';
import { satisfiesSpec } from './version-spec.ts';

/** `java -version` output → `17.0.15+6`; Java 8's `1.8.0_292` → `8.0.292`. */
export function parseJavaVersion(out: string): string | undefined {
  const quoted = /version "([^"]+)"/.exec(out)?.[1];
  if (quoted === undefined) return undefined;
  const legacy = /^1\.(\d+)\.(\d+)(?:_(\d+))?/.exec(quoted);
  if (legacy) return `${legacy[1]}.${legacy[2]}.${legacy[3] ?? '0'}`;
  const build = /\(build ([\d.]+\+\d+)/.exec(out)?.[1];
  return build?.startsWith(quoted) ? build : quoted;
}

/** A JDK on this machine. */
export const javaTool: ToolDefinition = {
  title: 'Java',
  names: ['java'],
  knownDirs: ['$JAVA_HOME/bin', '/usr/lib/jvm/*/bin', '~/.sdkman/candidates/java/*/bin', '/opt/hostedtoolcache/Java_*/*/x64/bin', '/Library/Java/JavaVirtualMachines/*/Contents/Home/bin'],
  versionArgs: ['-version'],
  parseVersion: parseJavaVersion,
};

/** `1.8` is Java 8's old name; `21-ea` asks for an early-access build. */
function javaAlias(spec: string): ((version: string) => boolean) | undefined {
  const legacy = /^1\.(\d)(.*)$/.exec(spec);
  if (legacy) return (v) => satisfiesSpec(v, `${legacy[1]}${legacy[2]}`);
  const ea = /^(\d+)-ea$/.exec(spec)?.[1];
  return ea === undefined ? undefined : (v) => semver.coerce(v)?.major === Number(ea);
}

const config: SetupConfig = {
  action: 'actions/setup-java', toolName: 'java', tool: javaTool, versionInput: 'java-version', fileInput: 'java-version-file', alias: javaAlias,
  installHint: (spec) => `install a JDK${spec ? ` ${spec}` : ''} (for example \`apt-get install openjdk-${/^\d+/.exec(spec)?.[0] ?? '21'}-jdk\` or \`sdk install java\`) and set JAVA_HOME or put it on PATH, or change java-version.`,
};

const used = ['java-version', 'java-version-file', 'distribution', 'java-package', 'architecture', 'cache', 'cache-dependency-path', 'token', 'job-status'];

const archNames: Record<string, string> = { x64: 'X64', arm64: 'ARM64', arm: 'ARM', ia32: 'X86' };

/** The setup-java built-in. */
export const setupJava: StepExecutor = {
  repeatSafe: true,
  async execute(ctx): Promise<StepResult> {
    noteUnusedInputs(ctx.step.with, used, (t) => ctx.log('system', t));
    noteCacheInput(ctx);
    const distribution = stringInput(ctx.step.with, 'distribution');
    const [choice] = await chooseToolchains(ctx, config, (await requestedVersions(ctx, config)).slice(0, 1));
    const tool = choice!.tool;
    if (distribution !== '') ctx.log('system', `distribution: ${distribution} — the JDK found on this machine is used whatever its vendor\n`);
    const home = path.dirname(tool.dir);
    const major = semver.coerce(tool.version)?.major ?? 0;
    return {
      outcome: 'success',
      outputs: { distribution, version: tool.version, path: home },
      env: { JAVA_HOME: home, [`JAVA_HOME_${major}_${archNames[process.arch] ?? process.arch.toUpperCase()}`]: home },
      path: [tool.dir],
    };
  },
};
