// The forge connector: which credentials and settings each forge is built from, and the steps'
// registration in the app.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fastTiming, testApp } from '../../test/support/github-mock/github-forges.ts';
import { startGitHubMock, type GitHubMock } from '../../test/support/github-mock/github-mock.ts';
import { openApp } from '../app.ts';
import { createForgeConnector } from './forges.ts';

const none = (): undefined => undefined;
const from = (values: Record<string, string>) => (name: string): string | undefined => values[name];
let mock: GitHubMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('settings', () => {
  it('places the forges from the process environment first, then the step, then the defaults', () => {
    const connector = createForgeConnector({ env: { GITLAB_URL: 'https://code.example.com', AUTODEVOPS_URL: '' } });
    expect(connector.roots(from({ GITHUB_SERVER_URL: 'https://ghe.example.com', GITLAB_URL: 'https://ignored.example.com' }))).toEqual([
      { kind: 'github', url: 'https://ghe.example.com' }, { kind: 'gitlab', url: 'https://code.example.com' },
    ]);
    expect(createForgeConnector({ env: {} }).roots(none)).toEqual([{ kind: 'github', url: 'https://github.com' }, { kind: 'gitlab', url: 'https://gitlab.com' }]);
    expect(connector.setting('AUTODEVOPS_URL', from({ AUTODEVOPS_URL: 'http://step' }))).toBe('http://step');
  });
});

describe('GitHub Enterprise Server', () => {
  it('reaches the API under <GITHUB_SERVER_URL>/api/v3 when GITHUB_API_URL is not set', async () => {
    const paths: string[] = [];
    const server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const ghes = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { forge } = await createForgeConnector({ env: { GITHUB_SERVER_URL: ghes }, timing: { github: fastTiming } }).connect('github', from({ GITHUB_TOKEN: 'ghp_x' }));
      await expect(forge.getIssue({ repo: { owner: 'acme', name: 'shop' }, number: 7 })).rejects.toMatchObject({ code: 'ADO_FORGE_NOT_FOUND' });
      expect(paths).toEqual(['/api/v3/repos/acme/shop/issues/7']);
    } finally {
      server.close();
    }
  });
});

describe('GitHub credentials', () => {
  it('takes a token from the run first, then GITHUB_TOKEN or GH_TOKEN of the process', async () => {
    const connector = createForgeConnector({ env: { GH_TOKEN: 'ghp_fromProcess' } });
    expect(await connector.connect('github', from({ GITHUB_TOKEN: 'ghp_fromRun' }))).toMatchObject({ kind: 'github', pushToken: 'ghp_fromRun', secrets: ['ghp_fromRun'] });
    expect((await connector.connect('github', none)).pushToken).toBe('ghp_fromProcess');
  });

  it('says whether a forge has any credential, from the run or the process', () => {
    expect(createForgeConnector({ env: {} }).configured('github', none)).toBe(false);
    expect(createForgeConnector({ env: { GH_TOKEN: 'ghp_x' } }).configured('github', none)).toBe(true);
    expect(createForgeConnector({ env: {} }).configured('github', from({ AUTODEVOPS_GITHUB_APP_ID: '7' }))).toBe(true);
    expect(createForgeConnector({ env: { GITHUB_TOKEN: 'ghp_x' } }).configured('gitlab', none)).toBe(false);
    expect(createForgeConnector({ env: {} }).configured('gitlab', from({ GITLAB_TOKEN: 'glpat' }))).toBe(true);
  });

  it('names both ways to authenticate when there are no credentials', async () => {
    await expect(createForgeConnector({ env: {} }).connect('github', none)).rejects.toMatchObject({ code: 'ADO_FORGE_AUTH', hint: expect.stringContaining('AUTODEVOPS_GITHUB_APP_INSTALLATION_ID') });
  });

  it('buys one installation token for pushing per app installation, and masks it with the key', async () => {
    mock = await startGitHubMock();
    mock.registerApp({ appId: testApp.appId, publicKey: testApp.publicKey, installationId: testApp.installationId });
    const dir = mkdtempSync(path.join(tmpdir(), 'ado-key-'));
    writeFileSync(path.join(dir, 'app.pem'), testApp.privateKey);
    try {
      const env = { GITHUB_API_URL: mock.url, AUTODEVOPS_GITHUB_APP_ID: String(testApp.appId), AUTODEVOPS_GITHUB_APP_PRIVATE_KEY_FILE: path.join(dir, 'app.pem'), AUTODEVOPS_GITHUB_APP_INSTALLATION_ID: String(testApp.installationId) };
      const connector = createForgeConnector({ env, timing: { github: fastTiming } });
      const first = await connector.connect('github', none);
      const second = await connector.connect('github', none);
      expect(first.pushToken).toMatch(/^ghs_/);
      expect(second.pushToken).toBe(first.pushToken);
      expect(first.secrets).toEqual([testApp.privateKey, first.pushToken]);
      expect(mock.auth.issuedTokens).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an installation the app does not have, without the key', async () => {
    mock = await startGitHubMock();
    mock.registerApp({ appId: testApp.appId, publicKey: testApp.publicKey, installationId: testApp.installationId });
    const env = { GITHUB_API_URL: mock.url, AUTODEVOPS_GITHUB_APP_ID: String(testApp.appId), AUTODEVOPS_GITHUB_APP_PRIVATE_KEY: testApp.privateKey, AUTODEVOPS_GITHUB_APP_INSTALLATION_ID: '999' };
    const error = await createForgeConnector({ env, timing: { github: fastTiming } }).connect('github', none).catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ code: 'ADO_FORGE_NOT_FOUND', message: expect.stringContaining('buying an installation token for GitHub App 4242') });
    expect(JSON.stringify(error)).not.toContain('PRIVATE KEY');
  });

  it('names a key file it cannot read and the App settings that are missing', async () => {
    const env = { AUTODEVOPS_GITHUB_APP_ID: '1', AUTODEVOPS_GITHUB_APP_PRIVATE_KEY_FILE: '/no/such/key.pem', AUTODEVOPS_GITHUB_APP_INSTALLATION_ID: '2' };
    await expect(createForgeConnector({ env }).connect('github', none)).rejects.toMatchObject({ code: 'ADO_FORGE_AUTH', message: 'Cannot read the GitHub App private key at /no/such/key.pem: ENOENT.' });
    await expect(createForgeConnector({ env: { AUTODEVOPS_GITHUB_APP_ID: '1', AUTODEVOPS_GITHUB_APP_PRIVATE_KEY: 'pem' } }).connect('github', none))
      .rejects.toMatchObject({ message: 'The GitHub App 1 is not fully configured: AUTODEVOPS_GITHUB_APP_INSTALLATION_ID is missing.' });
  });
});

describe('GitLab credentials', () => {
  it('takes GITLAB_TOKEN and GITLAB_URL, and names the token when it is missing', async () => {
    const connection = await createForgeConnector({ env: { GITLAB_URL: 'https://code.example.com' } }).connect('gitlab', from({ GITLAB_TOKEN: 'glpat-x' }));
    expect(connection).toMatchObject({ kind: 'gitlab', pushToken: 'glpat-x', secrets: ['glpat-x'] });
    expect(connection.forge.kind).toBe('gitlab');
    await expect(createForgeConnector({ env: {} }).connect('gitlab', none)).rejects.toMatchObject({ code: 'ADO_FORGE_AUTH', message: 'No GitLab credentials: GITLAB_TOKEN is not set.' });
  });
});

describe('registration', () => {
  it('registers the forge steps in the app, so workflows using them validate', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ado-forges-app-'));
    const app = await openApp({ cwd: dir, env: { PATH: process.env.PATH } });
    try {
      expect(app.registry.names()).toEqual(expect.arrayContaining(['autodevops/pull-request', 'autodevops/post-review']));
      writeFileSync(path.join(dir, 'pr.yml'), 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: autodevops/pull-request@v1\n      - uses: autodevops/post-review@v1\n        with:\n          number: 1\n');
      expect(await app.validate(['pr.yml'])).toEqual([{ file: 'pr.yml', diagnostics: [] }]);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
