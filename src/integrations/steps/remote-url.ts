/**
 * Reading a git remote URL: which forge it belongs to and which repository it names. Remotes come
 * as `https://host/owner/name.git`, `ssh://git@host/owner/name.git` or `git@host:owner/name.git`;
 * GitLab projects may sit in nested groups and instances under a path (`https://host/gitlab/…`).
 */
import type { RepoRef } from '../../engine/ports/forge.ts';
import type { ForgeKind, ForgeRoot } from './forge-connection.ts';

/** Host and path of a remote, or undefined for local paths and `file://` URLs. */
export function parseRemote(remote: string): { host: string; path: string } | undefined {
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.+)$/.exec(remote);
  if (scp && !/^[a-z]+:\/\//i.test(remote)) return { host: scp[1]!.toLowerCase(), path: trimPath(scp[2]!) };
  if (!/^(https?|ssh|git):\/\//i.test(remote)) return undefined;
  const url = new URL(remote);
  return { host: url.hostname.toLowerCase(), path: trimPath(decodeURIComponent(url.pathname)) };
}

function trimPath(path: string): string {
  return path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
}

/** The forge of a remote: a configured root's host, else a host named after a forge. */
export function forgeOfRemote(remote: string, roots: readonly ForgeRoot[]): ForgeKind | undefined {
  const parsed = parseRemote(remote);
  if (!parsed) return undefined;
  const configured = roots.find((r) => new URL(r.url).hostname.toLowerCase() === parsed.host);
  if (configured) return configured.kind;
  if (parsed.host.includes('github')) return 'github';
  return parsed.host.includes('gitlab') ? 'gitlab' : undefined;
}

/** The repository a remote names, with the instance's own path (a GitLab under `/gitlab`) removed. */
export function repoOfRemote(remote: string, kind: ForgeKind, roots: readonly ForgeRoot[]): RepoRef | undefined {
  const parsed = parseRemote(remote);
  if (!parsed) return undefined;
  const root = roots.find((r) => r.kind === kind && new URL(r.url).hostname.toLowerCase() === parsed.host);
  const prefix = root ? trimPath(new URL(root.url).pathname) : '';
  const path = prefix && parsed.path.startsWith(`${prefix}/`) ? parsed.path.slice(prefix.length + 1) : parsed.path;
  return parseRepository(path, kind);
}

/** `owner/name` (GitHub) or `group/sub/name` (GitLab); undefined when the text is not one. */
export function parseRepository(text: string, kind: ForgeKind): RepoRef | undefined {
  const parts = text.trim().replace(/\.git$/, '').split('/');
  if (parts.some((p) => p === '') || parts.length < 2 || (kind === 'github' && parts.length !== 2)) return undefined;
  return { owner: parts.slice(0, -1).join('/'), name: parts.at(-1)! };
}
