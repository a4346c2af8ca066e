/**
 * Remote actions through the real app and CLI: fetched with git from a local bare repository as
 * the server, then run offline from the cache once the server is gone; the CLI flags that
 * configure this; `validate` accepting action references without fetching anything.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.ts';
import { runCli } from '../../src/cli/testing/run-cli.ts';
import { createGitServer } from '../../src/steps/actions/testing/git-server.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ado-remote-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const workflow = `on: push
jobs:
  use:
    runs-on: ubuntu-latest
    steps:
      - id: hi
        uses: acme/hello@v1
        with:
          who: cache
      - run: echo "said=\${{ steps.hi.outputs.said }}"
`;

const action = {
  'action.yml': 'name: hello\ninputs:\n  who:\n    required: true\noutputs:\n  said:\n    description: what\nruns:\n  using: node20\n  main: index.js\n',
  'index.js': "require('fs').appendFileSync(process.env.GITHUB_OUTPUT, `said=hello ${process.env.INPUT_WHO}\\n`);",
};

async function runOnce(cwd: string, actions: { server?: string; offline?: boolean }): Promise<{ conclusion?: string; logs: string }> {
  const app = await openApp({ cwd, dataDir: path.join(cwd, '.data'), env: { PATH: process.env.PATH, HOME: process.env.HOME }, actions });
  try {
    const view = await (await app.startRun({ workflowPath: 'ci.yml' })).done;
    return { conclusion: view.conclusion, logs: (await app.readLogs(view.id)).map((c) => c.text).join('') };
  } finally {
    await app.close();
  }
}

describe('remote actions through the app', () => {
  it('fetches from the server once, then runs offline from the cache when the server is gone', async () => {
    const server = createGitServer();
    cleanups.push(() => server.cleanup());
    server.publish('acme', 'hello', action, { tags: ['v1'] });
    const cwd = workspace({ 'ci.yml': workflow });
    const online = await runOnce(cwd, { server: server.url });
    expect(online.conclusion, online.logs).toBe('success');
    expect(online.logs).toContain("Download action repository 'acme/hello@v1'");
    expect(online.logs).toContain('said=hello cache');
    server.cleanup();
    const offline = await runOnce(cwd, { server: server.url, offline: true });
    expect(offline.conclusion, offline.logs).toBe('success');
    expect(offline.logs).toContain('said=hello cache');
    expect(offline.logs).not.toContain('Download action repository');
    expect(existsSync(path.join(cwd, '.data', 'actions', 'acme', 'hello', 'refs.json'))).toBe(true);
  });

  it('validates action references without fetching them', async () => {
    const cwd = workspace({ 'ci.yml': workflow.replace('acme/hello@v1', 'acme/not-fetched@v1').concat('      - uses: ./.github/actions/local\n') });
    const app = await openApp({ cwd, dataDir: path.join(cwd, '.data'), env: {}, actions: { offline: true } });
    try {
      expect(await app.validate(['ci.yml'])).toEqual([{ file: 'ci.yml', diagnostics: [] }]);
    } finally {
      await app.close();
    }
    expect(existsSync(path.join(cwd, '.data', 'actions'))).toBe(false);
  });
});

describe('CLI flags for actions', () => {
  it('configure the app: offline, overrides relative to the working directory, the server', async () => {
    const result = await runCli(['run', 'ci.yml', '--action-offline', '--action-override', 'acme/x@v1=./copy', '--action-override', 'acme/y=/abs/y', '--action-server', 'file:///srv'], { cwd: '/work' });
    expect(result.configs[0]!.actions).toEqual({ offline: true, server: 'file:///srv', overrides: { 'acme/x@v1': '/work/copy', 'acme/y': '/abs/y' } });
    expect((await runCli(['run', 'ci.yml'])).configs[0]!.actions).toBeUndefined();
  });
});
