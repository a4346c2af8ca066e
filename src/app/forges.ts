/**
 * Builds forges from configuration for the forge steps: which credentials to use and where each
 * forge lives. A step's run secrets and environment are asked first for credentials, then this
 * process's environment; installation settings (URLs) come from this process's environment first.
 *
 * - GitHub: `GITHUB_TOKEN` (or `GH_TOKEN`), or a GitHub App: `AUTODEVOPS_GITHUB_APP_ID`,
 *   `AUTODEVOPS_GITHUB_APP_PRIVATE_KEY` (PEM text; or `…_PRIVATE_KEY_FILE`, a path) and
 *   `AUTODEVOPS_GITHUB_APP_INSTALLATION_ID`; the web at `GITHUB_SERVER_URL`, the API at `GITHUB_API_URL`
 *   (default: GitHub's, or `<GITHUB_SERVER_URL>/api/v3` for GitHub Enterprise Server, as in the `github` context).
 * - GitLab: `GITLAB_TOKEN`; the instance at `GITLAB_URL` (default GitLab.com).
 *
 * The GitHub and GitLab clients are loaded on first use, so commands that open no pull request
 * never load them.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { AutodevopsError } from '../core/errors.ts';
import { githubUrls } from '../engine/contexts.ts';
import type { CredentialLookup, ForgeConnection, ForgeConnector, ForgeKind, ForgeRoot } from '../integrations/steps/index.ts';
import type { GitHubAuth, GitHubTiming } from '../integrations/github/client.ts';
import type { GitLabTiming } from '../integrations/gitlab/requester.ts';

/** Options of `createForgeConnector`. */
export interface ForgeConnectorOptions {
  /** The autodevops process's environment. */
  env: Record<string, string | undefined>;
  /** Waiting and retrying of each forge client (tests shrink them). */
  timing?: { github?: GitHubTiming; gitlab?: GitLabTiming };
}

const app = { id: 'AUTODEVOPS_GITHUB_APP_ID', key: 'AUTODEVOPS_GITHUB_APP_PRIVATE_KEY', keyFile: 'AUTODEVOPS_GITHUB_APP_PRIVATE_KEY_FILE', installation: 'AUTODEVOPS_GITHUB_APP_INSTALLATION_ID' } as const;

const present = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value);

/** The connector, and whether a forge has credentials at all (the server reports statuses only where it has). */
export interface AppForgeConnector extends ForgeConnector {
  /** True when some credential of the forge is set (a token, or a GitHub App's id); connecting may still fail. */
  configured(kind: ForgeKind, lookup: CredentialLookup): boolean;
}

/** The connector the forge steps are registered with. */
export function createForgeConnector(options: ForgeConnectorOptions): AppForgeConnector {
  const setting = (name: string, lookup: CredentialLookup): string | undefined => present(options.env[name]) ?? present(lookup(name));
  const tokens = new Map<string, () => Promise<string>>();
  // Credentials: the run's (or project's) first, then this process's environment.
  const credentialIn = (lookup: CredentialLookup) => (name: string): string | undefined => present(lookup(name)) ?? present(options.env[name]);
  return {
    setting,
    roots: (lookup): ForgeRoot[] => [
      { kind: 'github', url: setting('GITHUB_SERVER_URL', lookup) ?? 'https://github.com' },
      { kind: 'gitlab', url: setting('GITLAB_URL', lookup) ?? 'https://gitlab.com' },
    ],
    configured: (kind, lookup) => {
      const credential = credentialIn(lookup);
      const names = kind === 'gitlab' ? ['GITLAB_TOKEN'] : ['GITHUB_TOKEN', 'GH_TOKEN', app.id];
      return names.some((name) => credential(name) !== undefined);
    },
    connect: (kind, lookup) => {
      const credential = credentialIn(lookup);
      return kind === 'github' ? connectGitHub(credential, gitHubApiUrl(setting, lookup), options.timing?.github, tokens) : connectGitLab(credential, setting('GITLAB_URL', lookup), options.timing?.gitlab);
    },
  };
}

/** The REST API's root as the `github` context names it: GITHUB_API_URL, else `<GITHUB_SERVER_URL>/api/v3` on GitHub Enterprise Server. */
function gitHubApiUrl(setting: (name: string, lookup: CredentialLookup) => string | undefined, lookup: CredentialLookup): string {
  return githubUrls({}, { GITHUB_SERVER_URL: setting('GITHUB_SERVER_URL', lookup), GITHUB_API_URL: setting('GITHUB_API_URL', lookup) }).api_url;
}

async function connectGitLab(credential: (name: string) => string | undefined, url: string | undefined, timing: GitLabTiming | undefined): Promise<ForgeConnection> {
  const token = credential('GITLAB_TOKEN');
  if (!token) {
    throw new AutodevopsError('ADO_FORGE_AUTH', 'No GitLab credentials: GITLAB_TOKEN is not set.', {
      hint: 'Set GITLAB_TOKEN (a secret of the run, or the environment of autodevops) to an access token with the api and write_repository scopes; GITLAB_URL names a self-managed instance.',
    });
  }
  const { createGitLabForge } = await import('../integrations/gitlab/gitlab-forge.ts');
  return { kind: 'gitlab', forge: createGitLabForge({ token, ...(url ? { url } : {}), ...(timing ? { timing } : {}) }), pushToken: token, secrets: [token] };
}

async function connectGitHub(credential: (name: string) => string | undefined, apiUrl: string | undefined, timing: GitHubTiming | undefined, tokens: Map<string, () => Promise<string>>): Promise<ForgeConnection> {
  const auth = githubAuth(credential);
  const [{ createGitHubForge }, { toForgeError }] = await Promise.all([import('../integrations/github/github-forge.ts'), import('../integrations/github/errors.ts')]);
  const forge = createGitHubForge({ auth, ...(apiUrl ? { baseUrl: apiUrl } : {}), ...(timing ? { timing } : {}) });
  if (auth.kind === 'token') return { kind: 'github', forge, pushToken: auth.token, secrets: [auth.token] };
  const mint = await installationTokens(auth, apiUrl, tokens);
  let pushToken: string;
  try {
    pushToken = await mint();
  } catch (error) {
    throw toForgeError(error, `buying an installation token for GitHub App ${auth.appId}`, [auth.privateKey]);
  }
  return { kind: 'github', forge, pushToken, secrets: [auth.privateKey, pushToken] };
}

/** Token or GitHub App settings; a partial App configuration names what is missing. */
function githubAuth(credential: (name: string) => string | undefined): GitHubAuth {
  const appId = credential(app.id);
  if (appId === undefined) {
    const token = credential('GITHUB_TOKEN') ?? credential('GH_TOKEN');
    if (token) return { kind: 'token', token };
    throw new AutodevopsError('ADO_FORGE_AUTH', 'No GitHub credentials: neither GITHUB_TOKEN nor a GitHub App is configured.', {
      hint: `Set GITHUB_TOKEN to a token that may push and open pull requests, or set ${app.id}, ${app.key} (or ${app.keyFile}) and ${app.installation} for a GitHub App.`,
    });
  }
  const keyFile = credential(app.keyFile);
  const privateKey = (credential(app.key) ?? (keyFile ? readKey(keyFile) : undefined))?.replaceAll('\\n', '\n');
  const installationId = Number(credential(app.installation));
  const missing = [privateKey ? undefined : `${app.key} (or ${app.keyFile})`, Number.isInteger(installationId) && installationId > 0 ? undefined : app.installation].filter((m) => m !== undefined);
  if (missing.length) throw new AutodevopsError('ADO_FORGE_AUTH', `The GitHub App ${appId} is not fully configured: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing.`, { hint: 'Give the app id, its private key (the PEM the app\'s settings page downloads) and the id of its installation on the repository\'s owner.' });
  return { kind: 'app', appId, privateKey: privateKey!, installationId };
}

function readKey(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new AutodevopsError('ADO_FORGE_AUTH', `Cannot read the GitHub App private key at ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`, { hint: `Point ${app.keyFile} at the PEM file the app's settings page downloaded.` });
  }
}

/** Installation tokens for pushing, minted and refreshed by @octokit/auth-app; one minter per app installation. */
async function installationTokens(auth: Extract<GitHubAuth, { kind: 'app' }>, apiUrl: string | undefined, cache: Map<string, () => Promise<string>>): Promise<() => Promise<string>> {
  const key = `${apiUrl ?? ''}|${auth.appId}|${auth.installationId}|${createHash('sha256').update(auth.privateKey).digest('hex')}`;
  if (!cache.has(key)) {
    const [{ createAppAuth }, { Octokit }] = await Promise.all([import('@octokit/auth-app'), import('@octokit/rest')]);
    const request = new Octokit({ ...(apiUrl ? { baseUrl: apiUrl } : {}), userAgent: 'autodevops' }).request;
    const appAuth = createAppAuth({ appId: auth.appId, privateKey: auth.privateKey, installationId: auth.installationId, request });
    cache.set(key, async () => (await appAuth({ type: 'installation' })).token);
  }
  return cache.get(key)!;
}
