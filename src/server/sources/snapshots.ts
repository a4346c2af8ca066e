/**
 * Snapshots of workflow sources in `<data-dir>/server/snapshots/<version>`: immutable, named by
 * commit sha (git) or content hash (other directories), so registering an unchanged source finds
 * the same version. Snapshots are a cache: one left by a registration that failed validation
 * is harmless. Each run works in its own copy of a snapshot (workspace.ts), so one run's files
 * never leak into the next run of the same version.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { AutodevopsError } from '../../core/errors.ts';
import type { WorkflowSource, WorkflowVersion } from '../registry/workflows.ts';
import { checkRef, gitRemote, isInside, localDirectory } from './allowed-paths.ts';
import { copyTree, hashTree } from './content-tree.ts';
import { mirrorOf, resolveCommit, resolveRemoteRef, snapshotCommit } from './git-source.ts';

/** Where sources may come from and where snapshots go. */
export interface SourceRoots {
  /** Local sources must be inside this directory (the server's working directory). */
  root: string;
  dataDir: string;
}

/** A source's snapshot. */
export interface Snapshot {
  version: string;
  kind: 'commit' | 'content';
  dir: string;
}

const snapshotPath = (dataDir: string, version: string): string => path.join(dataDir, 'server', 'snapshots', version);

async function gitSnapshot(roots: SourceRoots, source: { git: string; ref: string }): Promise<Snapshot> {
  const remote = gitRemote(roots.root, source.git);
  const { mirror, commit } = await resolveRemoteRef(roots.dataDir, remote, checkRef(source.ref));
  const dir = snapshotPath(roots.dataDir, commit);
  await snapshotCommit(mirror, commit, dir, source.git);
  return { version: commit, kind: 'commit', dir };
}

async function contentSnapshot(roots: SourceRoots, dir: string): Promise<Snapshot> {
  const dataDir = existsSync(roots.dataDir) ? realpathSync(roots.dataDir) : roots.dataDir;
  const tmp = snapshotPath(roots.dataDir, `.tmp-${randomBytes(6).toString('hex')}`);
  try {
    await copyTree(dir, tmp, (p) => isInside(dataDir, p));
    const version = await hashTree(tmp);
    const target = snapshotPath(roots.dataDir, version);
    // Another registration of the same content may have renamed its copy into place first.
    if (!existsSync(target)) await rename(tmp, target).catch((e: NodeJS.ErrnoException) => { if (!existsSync(target)) throw e; });
    return { version, kind: 'content', dir: target };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Snapshots a source: a git URL at its ref, a local git repository at HEAD, or another directory by content. */
export async function snapshotSource(roots: SourceRoots, source: WorkflowSource): Promise<Snapshot> {
  if ('git' in source) return gitSnapshot(roots, source);
  const dir = localDirectory(roots.root, source.path, 'body.source.path');
  if (!existsSync(path.join(dir, '.git'))) return contentSnapshot(roots, dir);
  const commit = await resolveCommit(dir, 'HEAD');
  const target = snapshotPath(roots.dataDir, commit);
  await snapshotCommit(dir, commit, target, dir);
  return { version: commit, kind: 'commit', dir: target };
}

/** The snapshot of a registered version; a commit whose snapshot was removed is checked out again. */
export async function versionDir(roots: SourceRoots, version: WorkflowVersion): Promise<string> {
  const dir = snapshotPath(roots.dataDir, version.version);
  if (existsSync(dir)) return dir;
  if (version.kind === 'commit') {
    const from = 'git' in version.source ? mirrorOf(roots.dataDir, gitRemote(roots.root, version.source.git)) : localDirectory(roots.root, version.source.path, 'source.path');
    await snapshotCommit(from, version.version, dir, 'git' in version.source ? version.source.git : from);
    return dir;
  }
  throw new AutodevopsError('ADO_NOT_FOUND', `the files of version ${version.version} of workflow "${version.workflowId}" are no longer in the data directory`, {
    hint: 'Register the workflow again (PUT …/workflows/{workflow}) to snapshot its source.',
  });
}
