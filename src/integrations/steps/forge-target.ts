/**
 * Where a forge step works: the local repository (`with: path`), the remote it pushes to
 * (`with: remote`, a remote name or URL; default `origin`, or, in a repository without one, the
 * forge's URL of `with: repository`), the forge (`with: forge`, else told from the remote's host),
 * the repository on the forge (`with: repository`, else read from the remote URL), and a
 * connection with credentials, every one of them masked in the run's logs.
 */
import path from 'node:path';
import { isAutodevopsError } from '../../core/errors.ts';
import type { RepoRef } from '../../engine/ports/forge.ts';
import type { StepContext, StepResult } from '../../engine/ports/step.ts';
import { withoutCredentials } from '../git/push-branch.ts';
import { remoteUrlIfAny, remoteUrlOf } from '../git/repo-info.ts';
import type { CredentialLookup, ForgeConnection, ForgeConnector, ForgeKind, ForgeRoot } from './forge-connection.ts';
import { forgeOfRemote, parseRepository, repoOfRemote } from './remote-url.ts';
import { choiceInput, invalidInput, textInput, type StepWith } from './step-inputs.ts';
import { tracedForge } from './traced-forge.ts';

/** A resolved target. */
export interface ForgeTarget {
  repoDir: string;
  /** The remote's URL or path, as git takes it. */
  remote: string;
  /** The remote's name when it was given by name (`origin`). */
  remoteName?: string;
  kind: ForgeKind;
  repo: RepoRef;
  connection: ForgeConnection;
}

/** Credentials from the run's secrets, then the step's environment (the connector falls back to the process's). */
export function credentialLookup(ctx: StepContext): CredentialLookup {
  const secrets = (ctx.contexts['secrets'] ?? {}) as Record<string, unknown>;
  return (name) => {
    const value = secrets[name] ?? ctx.env[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
}

/** A remote name (`origin`) is looked up; URLs and paths are taken as they are. */
function isLocation(remote: string): boolean {
  return remote.includes('://') || remote.startsWith('/') || remote.startsWith('.') || /^[^/]+:/.test(remote);
}

/** A remote as git takes it, and its name when it was one. */
interface ChosenRemote {
  remote: string;
  remoteName?: string;
}

/** What the step's inputs say of the forge and the repository on it, when they say it. */
interface GivenForge {
  kind?: ForgeKind;
  repository?: string;
}

/**
 * `with: remote` as given; without it `origin`, so a run pushes where its repository came from; a
 * repository without `origin` (a copied folder) pushes to the forge's URL of `with: repository`.
 */
async function chooseRemote(step: string, inputs: StepWith, repoDir: string, given: GivenForge, roots: readonly ForgeRoot[]): Promise<ChosenRemote> {
  const named = textInput(step, inputs, 'remote');
  if (named !== undefined) return isLocation(named) ? { remote: named } : { remote: await remoteUrlOf(repoDir, named), remoteName: named };
  const origin = await remoteUrlIfAny(repoDir, 'origin');
  if (origin !== undefined) return { remote: origin, remoteName: 'origin' };
  const onForge = forgeUrlOf(given, roots);
  if (onForge !== undefined) return { remote: onForge };
  throw invalidInput(step, 'remote', `is needed: ${repoDir} has no remote "origin"; give a remote's name or URL, or the inputs forge and repository`);
}

/** `<forge root>/<repository>.git` when `with: forge` and `with: repository` name one. */
function forgeUrlOf({ kind, repository }: GivenForge, roots: readonly ForgeRoot[]): string | undefined {
  const repo = kind && repository !== undefined ? parseRepository(repository, kind) : undefined;
  const root = roots.find((r) => r.kind === kind);
  return repo && root ? `${root.url.replace(/\/+$/, '')}/${repo.owner}/${repo.name}.git` : undefined;
}

/** Resolves the target of a forge step from its inputs. */
export async function resolveTarget(step: string, ctx: StepContext, connector: ForgeConnector): Promise<ForgeTarget> {
  const inputs = ctx.step.with;
  const repoDir = path.resolve(ctx.step.workingDirectory, textInput(step, inputs, 'path') ?? '.');
  const lookup = credentialLookup(ctx);
  const roots = connector.roots(lookup);
  const given: GivenForge = { kind: choiceInput(step, inputs, 'forge', ['github', 'gitlab'] as const), repository: textInput(step, inputs, 'repository') };
  const { remote, remoteName } = await chooseRemote(step, inputs, repoDir, given, roots);
  const embedded = /^https?:\/\/[^@/]*:([^@/]+)@/i.exec(remote)?.[1];
  if (embedded) ctx.addMask(decodeURIComponent(embedded));
  const shown = withoutCredentials(remote).url;
  const kind = given.kind ?? forgeOfRemote(remote, roots);
  if (!kind) throw invalidInput(step, 'forge', `is needed: the remote ${shown} is not on a known forge; write github or gitlab`);
  const { repository } = given;
  const repo = repository === undefined ? repoOfRemote(remote, kind, roots) : parseRepository(repository, kind);
  if (!repo) {
    throw repository === undefined
      ? invalidInput(step, 'repository', `is needed: the remote ${shown} does not name a repository; write ${kind === 'github' ? 'owner/name' : 'group/project'}`)
      : invalidInput(step, 'repository', `must be ${kind === 'github' ? 'owner/name' : 'a project path such as group/sub/project'}, not "${repository}"`);
  }
  const connected = await connector.connect(kind, lookup);
  for (const secret of connected.secrets) ctx.addMask(secret);
  const connection = { ...connected, forge: tracedForge(connected.forge, ctx) };
  return { repoDir, remote, kind, repo, connection, ...(remoteName !== undefined && { remoteName }) };
}

/** An AutodevopsError as the step's failure, with its code, message and hint; other errors are rethrown. */
export function failed(error: unknown, title: string, outputs: Record<string, string> = {}): StepResult {
  if (!isAutodevopsError(error)) throw error;
  return {
    outcome: 'failure', error: `${error.code}: ${error.message}`, outputs: { ...outputs, 'error-code': error.code },
    summary: `### ${title}\n\n${error.message}\n\n${error.hint}\n`,
  };
}
