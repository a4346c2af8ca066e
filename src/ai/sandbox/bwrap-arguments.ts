/**
 * The bubblewrap command line for a policy. The host's system directories are bound read-only
 * (not all of `/`: home directories, the autodevops data directory and other projects stay
 * invisible), /tmp is a fresh tmpfs, the workspace is the one writable place, and every namespace
 * is unshared (the network only when the policy says so).
 */
import { lstatSync, readlinkSync } from 'node:fs';
import { defaultEnvironment, type SandboxPolicy } from './sandbox.ts';

/** Host directories bound read-only; where one is a symlink (merged /usr) the link is recreated. */
export const systemPaths = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc'];

/** HOME and TMPDIR inside the sandbox: the private tmpfs, gone when the command ends. */
export const sandboxHome = '/tmp';

/** The options that are the same for every command of a policy (workspace already real). */
export function bwrapBaseArguments(policy: SandboxPolicy): string[] {
  return [
    ...systemPaths.flatMap(systemPathArguments),
    ...['--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp'],
    ...['--bind', policy.workspace, policy.workspace],
    ...(policy.extraReadOnly ?? []).flatMap((path) => ['--ro-bind', path, path]),
    '--unshare-all',
    ...(policy.network ? ['--share-net', '--ro-bind-try', '/run/systemd/resolve', '/run/systemd/resolve'] : []),
    ...['--die-with-parent', '--new-session', '--cap-drop', 'ALL', '--clearenv'],
    ...Object.entries(sandboxEnvironment(policy)).flatMap(([name, value]) => ['--setenv', name, value]),
  ];
}

/** The variables a sandboxed command sees: the defaults, overridden by the policy's own. */
export function sandboxEnvironment(policy: SandboxPolicy): Record<string, string> {
  return { ...defaultEnvironment(sandboxHome), ...policy.env };
}

/**
 * Options are handed over on fd 3 (`--args 3`) rather than argv, so the values of the declared
 * variables do not show in the host's process list.
 */
export function encodeArguments(args: readonly string[]): Buffer {
  return Buffer.from(args.map((arg) => `${arg}\0`).join(''));
}

function systemPathArguments(path: string): string[] {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return ['--symlink', readlinkSync(path), path];
    return stat.isDirectory() ? ['--ro-bind', path, path] : [];
  } catch {
    return [];
  }
}
