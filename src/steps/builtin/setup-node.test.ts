import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinContext, fakeTool, runMain } from './testing/builtin-context.ts';
import { setupNode } from './setup-node.ts';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

/** Two fake Node.js installs on PATH (18 first) and an empty HOME. */
function machine(): { a: string; b: string; home: string; env: Record<string, string> } {
  const root = mkdtempSync(path.join(tmpdir(), 'ado-node-'));
  roots.push(root);
  const a = path.join(root, 'a');
  const b = path.join(root, 'b');
  fakeTool(a, 'node', 'v18.19.0');
  fakeTool(b, 'node', 'v20.11.1');
  const home = path.join(root, 'home');
  return { a, b, home, env: { PATH: `${a}:${b}`, HOME: home } };
}

async function setup(withInputs: Record<string, unknown>, env: Record<string, string>, workspace?: string) {
  const ctx = await builtinContext({ uses: 'actions/setup-node@v4', with: withInputs, env, workspace });
  const result = await runMain(setupNode, ctx);
  await ctx.cleanup();
  return { result, log: ctx.text() };
}

describe('actions/setup-node', () => {
  it('uses the host Node.js that runs these tests when it satisfies node-version', async () => {
    const major = process.versions.node.split('.')[0]!;
    const { result } = await setup({ 'node-version': major }, { PATH: process.env.PATH!, HOME: process.env.HOME! });
    expect(result.outcome).toBe('success');
    expect(result.outputs?.['node-version']).toBe(`v${process.versions.node}`);
    const which = execFileSync('sh', ['-c', 'command -v node'], { encoding: 'utf8', env: process.env }).trim();
    expect(result.path).toEqual([path.dirname(realpathSync(which))]);
  });

  it('picks the first Node.js on PATH that satisfies the range and puts its directory first on PATH', async () => {
    const m = machine();
    expect((await setup({ 'node-version': '20' }, m.env)).result).toMatchObject({ outcome: 'success', outputs: { 'node-version': 'v20.11.1' }, path: [m.b] });
    expect((await setup({ 'node-version': '18.x' }, m.env)).result.path).toEqual([m.a]);
    expect((await setup({ 'node-version': '>=19 <21' }, m.env)).result.path).toEqual([m.b]);
    expect((await setup({}, m.env)).result.path).toEqual([m.a]);
  });

  it('resolves lts aliases offline', async () => {
    const m = machine();
    expect((await setup({ 'node-version': 'lts/iron' }, m.env)).result.path).toEqual([m.b]);
    const star = await setup({ 'node-version': 'lts/*' }, m.env);
    expect(star.result.path).toEqual([m.a]);
    expect(star.log).toContain('any LTS release line');
    expect((await setup({ 'node-version': 'latest' }, m.env)).result.path).toEqual([m.a]);
  });

  it('searches version-manager directories after PATH, newest satisfying first', async () => {
    const m = machine();
    fakeTool(path.join(m.home, '.nvm/versions/node/v16.14.0/bin'), 'node', 'v16.14.0');
    fakeTool(path.join(m.home, '.nvm/versions/node/v16.20.2/bin'), 'node', 'v16.20.2');
    const { result } = await setup({ 'node-version': '16' }, m.env);
    expect(result).toMatchObject({ outcome: 'success', outputs: { 'node-version': 'v16.20.2' }, path: [path.join(m.home, '.nvm/versions/node/v16.20.2/bin')] });
  });

  it('fails with what is installed, what was asked and what to do', async () => {
    const m = machine();
    const { result } = await setup({ 'node-version': '14' }, m.env);
    expect(result.thrown).toContain('actions/setup-node: node-version "14" was asked, but the Node.js found on this machine are v18.19.0');
    expect(result.thrown).toContain(`v20.11.1 (${m.b}/node)`);
    expect(result.thrown).toContain('nvm install 14');
    const none = await setup({ 'node-version': '20' }, { PATH: m.home, HOME: m.home });
    expect(none.result.thrown).toMatch(/but no Node.js \(`node`\) was found on this machine \(searched PATH, /);
  });

  it('reads node-version-file (.nvmrc) relative to the workspace', async () => {
    const m = machine();
    const workspace = path.join(m.home, 'ws');
    fakeTool(workspace, '.keep', '');
    writeFileSync(path.join(workspace, '.nvmrc'), 'v20\n');
    expect((await setup({ 'node-version-file': '.nvmrc' }, m.env, workspace)).result.path).toEqual([m.b]);
    const missing = await setup({ 'node-version-file': 'nope/.nvmrc' }, m.env, workspace);
    expect(missing.result.thrown).toContain('does not exist');
  });

  it('writes an .npmrc for registry-url, accepts cache: and notes inputs it does not use', async () => {
    const m = machine();
    const ctx = await builtinContext({ uses: 'actions/setup-node@v4', with: { 'node-version': '20', 'registry-url': 'https://npm.pkg.github.com', cache: 'npm', 'check-latest': true }, env: m.env, github: { repository_owner: 'Acme' } });
    const result = await setupNode.execute(ctx);
    const npmrc = result.env!.NPM_CONFIG_USERCONFIG!;
    expect(readFileSync(npmrc, 'utf8')).toBe('//npm.pkg.github.com/:_authToken=${NODE_AUTH_TOKEN}\n@acme:registry=https://npm.pkg.github.com/\n');
    expect(result.env!.NODE_AUTH_TOKEN).toBe('XXXXX-XXXXX-XXXXX-XXXXX');
    expect(ctx.text()).toContain('cache: npm');
    expect(ctx.text()).toContain('not used when running locally: with.check-latest');
    await ctx.cleanup();
  });

  it('writes a scoped .npmrc with always-auth, keeps a given NODE_AUTH_TOKEN, and hints at LTS when no Node.js exists', async () => {
    const m = machine();
    const ctx = await builtinContext({ uses: 'actions/setup-node@v4', with: { 'registry-url': 'https://registry.npmjs.org', scope: 'MyOrg', 'always-auth': 'true' }, env: { ...m.env, NODE_AUTH_TOKEN: 'given' } });
    const result = await setupNode.execute(ctx);
    expect(readFileSync(result.env!.NPM_CONFIG_USERCONFIG!, 'utf8')).toBe('//registry.npmjs.org/:_authToken=${NODE_AUTH_TOKEN}\n@myorg:registry=https://registry.npmjs.org/\nalways-auth=true\n');
    expect(result.env!.NODE_AUTH_TOKEN).toBe('given');
    await ctx.cleanup();
    const none = await setup({}, { PATH: m.home, HOME: m.home });
    expect(none.result.thrown).toContain('install Node.js LTS (for example `nvm install --lts`)');
  });
});
