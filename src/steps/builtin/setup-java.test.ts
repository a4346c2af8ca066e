import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinContext, fakeTool, runMain } from './testing/builtin-context.ts';
import { parseJavaVersion, setupJava } from './setup-java.ts';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

const java17 = 'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)\nOpenJDK 64-Bit Server VM (build 17.0.15+6-Debian-1deb12u1, mixed mode, sharing)';
const java8 = 'openjdk version "1.8.0_292"\nOpenJDK Runtime Environment (AdoptOpenJDK)(build 1.8.0_292-b10)';

/** Two fake JDKs: 17 on PATH, 8 under JAVA_HOME. */
function machine(): { jdk17: string; jdk8: string; env: Record<string, string> } {
  const root = mkdtempSync(path.join(tmpdir(), 'ado-java-'));
  roots.push(root);
  const jdk17 = path.join(root, 'jdk-17');
  const jdk8 = path.join(root, 'jdk-8');
  fakeTool(path.join(jdk17, 'bin'), 'java', java17, { stderr: true });
  fakeTool(path.join(jdk8, 'bin'), 'java', java8, { stderr: true });
  return { jdk17, jdk8, env: { PATH: path.join(jdk17, 'bin'), HOME: path.join(root, 'home'), JAVA_HOME: jdk8 } };
}

async function setup(withInputs: Record<string, unknown>, env: Record<string, string>, workspace?: string) {
  const ctx = await builtinContext({ uses: 'actions/setup-java@v4', with: withInputs, env, workspace });
  const result = await runMain(setupJava, ctx);
  await ctx.cleanup();
  return { result, log: ctx.text() };
}

const arch = ({ x64: 'X64', arm64: 'ARM64' } as Record<string, string>)[process.arch] ?? process.arch.toUpperCase();

describe('actions/setup-java', () => {
  it('parses java -version output, old and new numbering', () => {
    expect(parseJavaVersion(java17)).toBe('17.0.15+6');
    expect(parseJavaVersion(java8)).toBe('8.0.292');
    expect(parseJavaVersion('java version "21"\nJava(TM) SE Runtime Environment (build 21+35-2513)')).toBe('21+35');
    expect(parseJavaVersion('nothing')).toBeUndefined();
  });

  it('sets JAVA_HOME, JAVA_HOME_<major>_<ARCH>, PATH and the outputs for the JDK found', async () => {
    const m = machine();
    const { result, log } = await setup({ 'java-version': '17', distribution: 'temurin' }, m.env);
    expect(result).toEqual({
      outcome: 'success', outputs: { distribution: 'temurin', version: '17.0.15+6', path: m.jdk17 },
      env: { JAVA_HOME: m.jdk17, [`JAVA_HOME_17_${arch}`]: m.jdk17 }, path: [path.join(m.jdk17, 'bin')],
    });
    expect(log).toContain('distribution: temurin — the JDK found on this machine is used whatever its vendor');
  });

  it('finds a JDK under JAVA_HOME, and reads 1.8 as Java 8 and .java-version files', async () => {
    const m = machine();
    expect((await setup({ 'java-version': '1.8', distribution: 'zulu' }, m.env)).result.outputs?.path).toBe(m.jdk8);
    expect((await setup({ 'java-version': '8' }, m.env)).result.outputs?.version).toBe('8.0.292');
    const workspace = path.join(m.env.HOME!, 'ws');
    fakeTool(workspace, '.keep', '');
    writeFileSync(path.join(workspace, '.java-version'), '17\n');
    expect((await setup({ 'java-version-file': '.java-version' }, m.env, workspace)).result.outputs?.version).toBe('17.0.15+6');
    expect((await setup({ 'java-version': '17-ea' }, m.env)).result.outputs?.version).toBe('17.0.15+6');
  });

  it('fails clearly when no JDK has the version', async () => {
    const m = machine();
    const { result } = await setup({ 'java-version': '21' }, m.env);
    expect(result.thrown).toContain('actions/setup-java: java-version "21" was asked, but the Java found on this machine are 17.0.15+6');
    expect(result.thrown).toContain('apt-get install openjdk-21-jdk');
  });

  it('takes any JDK without a version or distribution', async () => {
    const m = machine();
    const { result } = await setup({}, m.env);
    expect(result.outputs).toEqual({ distribution: '', version: '17.0.15+6', path: m.jdk17 });
    expect(parseJavaVersion('java version "1.7.0"')).toBe('7.0.0');
  });

  it.runIf(hasJava())('uses the real host JDK when there is one', async () => {
    const { result } = await setup({ distribution: 'temurin' }, { PATH: process.env.PATH!, HOME: process.env.HOME! });
    expect(result.outcome).toBe('success');
    expect(result.env?.JAVA_HOME).toBeTruthy();
  });
});

function hasJava(): boolean {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
