import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinContext, fakeTool, runMain } from './testing/builtin-context.ts';
import { setupGo } from './setup-go.ts';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A fake Go that answers `go version` and `go env GOPATH`. */
function machine(): { bin: string; home: string; env: Record<string, string> } {
  const root = mkdtempSync(path.join(tmpdir(), 'ado-go-'));
  roots.push(root);
  const bin = path.join(root, 'go', 'bin');
  fakeTool(bin, 'go', 'go version go1.22.1 linux/amd64', { extra: `[ "$1" = env ] && { echo ${root}/gopath; exit 0; }` });
  const home = path.join(root, 'home');
  return { bin, home, env: { PATH: bin, HOME: home } };
}

async function setup(withInputs: Record<string, unknown>, env: Record<string, string>, workspace?: string) {
  const ctx = await builtinContext({ uses: 'actions/setup-go@v5', with: withInputs, env, workspace });
  const result = await runMain(setupGo, ctx);
  await ctx.cleanup();
  return { result, log: ctx.text() };
}

describe('actions/setup-go', () => {
  it('uses the host Go when it satisfies go-version; its bin and GOPATH/bin go first on PATH', async () => {
    const m = machine();
    const { result } = await setup({ 'go-version': '^1.21', cache: true }, m.env);
    expect(result).toEqual({ outcome: 'success', outputs: { 'go-version': '1.22.1' }, path: [m.bin, path.join(path.dirname(path.dirname(m.bin)), 'gopath', 'bin')] });
  });

  it('reads go.mod as a minimum version and takes stable/oldstable as any Go', async () => {
    const m = machine();
    const workspace = path.join(m.home, 'ws');
    fakeTool(workspace, '.keep', '');
    writeFileSync(path.join(workspace, 'go.mod'), 'module example.com/x\n\ngo 1.21\n');
    expect((await setup({ 'go-version-file': 'go.mod' }, m.env, workspace)).result.outputs).toEqual({ 'go-version': '1.22.1' });
    const stable = await setup({ 'go-version': 'stable' }, m.env);
    expect(stable.result.outcome).toBe('success');
    expect(stable.log).toContain('offline, the Go found on this machine is used');
  });

  it('fails clearly for a version no Go here has (whether or not this machine has Go at all)', async () => {
    const { result } = await setup({ 'go-version': '0.1' }, { PATH: process.env.PATH!, HOME: process.env.HOME! });
    expect(result.thrown).toMatch(/^actions\/setup-go: go-version "0\.1" was asked, but (no Go \(`go`\) was found on this machine|the Go found on this machine)/);
    expect(result.thrown).toContain('install Go 0.1 (https://go.dev/dl/');
  });

  it('leaves GOPATH/bin out when go env fails, and hints without a version', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ado-go2-'));
    roots.push(root);
    fakeTool(root, 'go', 'go version go1.21.0 linux/amd64', { extra: '[ "$1" = env ] && exit 1' });
    expect((await setup({}, { PATH: root, HOME: root })).result).toEqual({ outcome: 'success', outputs: { 'go-version': '1.21.0' }, path: [root] });
    const none = await setup({}, { PATH: path.join(root, 'none'), HOME: root });
    // Where this machine has a Go of its own (in /usr/local/go…), it is found instead.
    if (none.result.outcome === 'failure') expect(none.result.thrown).toContain('install Go (https://go.dev/dl/');
    else expect(none.result.outputs?.['go-version']).toBeTruthy();
  });
});
