/**
 * What a step's `uses:` names, decided from the text alone (no file or network access), so
 * `autodevops validate` can tell an action from an unknown step kind without fetching anything.
 */

/** `uses: ./path` — an action in the workspace. */
export interface LocalReference {
  kind: 'local';
  /** The path as written, relative to the workspace. */
  path: string;
}

/** `uses: owner/repo[/path]@ref` — an action in a repository. */
export interface RemoteReference {
  kind: 'remote';
  owner: string;
  repo: string;
  /** Subdirectory inside the repository, '' for its root. */
  path: string;
  ref: string;
}

/** `uses: docker://image` — a container image run as an action. */
export interface DockerReference {
  kind: 'docker';
  image: string;
}

/** Any action reference. */
export type ActionReference = LocalReference | RemoteReference | DockerReference;

const remotePattern = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)((?:\/[^@/]+)*)@(.+)$/;

/** Parses `uses:`; undefined when it is not an action reference. */
export function parseActionReference(uses: string): ActionReference | undefined {
  const text = uses.trim();
  if (text === '.' || text.startsWith('./')) return { kind: 'local', path: text };
  if (text.startsWith('docker://')) return text.length > 'docker://'.length ? { kind: 'docker', image: text.slice('docker://'.length) } : undefined;
  const m = remotePattern.exec(text);
  if (!m) return undefined;
  const [, owner, repo, path, ref] = m as unknown as [string, string, string, string, string];
  if (owner === '.' || owner === '..' || repo === '.' || repo === '..' || path.split('/').includes('..')) return undefined;
  return { kind: 'remote', owner, repo, path: path.slice(1), ref };
}

/** `owner/repo@ref` (without the path; owner and repo lower-cased as GitHub treats them, the ref as written). */
export function repositoryKey(ref: RemoteReference): string {
  return `${ref.owner.toLowerCase()}/${ref.repo.toLowerCase()}@${ref.ref}`;
}
