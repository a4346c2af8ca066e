/**
 * The local artifact store behind upload-artifact and download-artifact:
 * `<dataDir>/artifacts/<runId>/<name>/files/…` plus `manifest.json` (files, sizes, creation time).
 * A new artifact is staged in a temporary directory and renamed into place, so a reader never sees
 * half an artifact and two uploads of one name cannot both win.
 */
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { permanent } from '../../core/failure.ts';

/** One file of an artifact. */
export interface ArtifactFile {
  /** Path inside the artifact, `/`-separated. */
  path: string;
  size: number;
}

/** What `manifest.json` holds. */
export interface ArtifactManifest {
  name: string;
  id: number;
  /** ms epoch. */
  createdAt: number;
  size: number;
  /** sha256 over the files' paths and contents. */
  digest: string;
  files: ArtifactFile[];
}

/** An artifact as `autodevops show` lists it. */
export interface ArtifactSummary {
  name: string;
  /** Total bytes. */
  size: number;
  /** Number of files. */
  files: number;
}

/** A file to store: where it is now, and its path inside the artifact. */
export interface ArtifactSource {
  source: string;
  path: string;
}

const badName = /["':<>|*?\r\n\\/]/;

/** The directory of a run's artifacts. */
export function runArtifactsDir(dataDir: string, runId: string): string {
  return path.join(dataDir, 'artifacts', runId);
}

/** Rejects names GitHub rejects (they would also be unsafe as directory names). */
export function checkArtifactName(name: string): void {
  const bad = badName.exec(name)?.[0];
  if (bad !== undefined || name === '' || name === '.' || name === '..') {
    throw permanent(`The artifact name is not valid: ${name}.${bad === undefined ? '' : ` Contains the following character: ${JSON.stringify(bad)}`}`);
  }
}

/** Stores a new artifact; with `replace`, an existing one of that name is replaced, otherwise it is an error. */
export async function writeArtifact(dataDir: string, runId: string, name: string, sources: readonly ArtifactSource[], options: { replace: boolean; createdAt: number }): Promise<ArtifactManifest> {
  checkArtifactName(name);
  const runDir = runArtifactsDir(dataDir, runId);
  const stage = path.join(runDir, `.staging-${randomBytes(6).toString('hex')}`);
  try {
    await copyInto(path.join(stage, 'files'), sources);
    const manifest = await buildManifest(name, path.join(stage, 'files'), options.createdAt, runId);
    await writeFile(path.join(stage, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const target = path.join(runDir, name);
    if (options.replace) await rm(target, { recursive: true, force: true });
    await rename(stage, target).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOTEMPTY' || e.code === 'EEXIST') throw permanent(`An artifact with the name "${name}" already exists in this run; give each upload its own name, or set overwrite: true`);
      throw e;
    });
    return manifest;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** Adds files to an artifact, creating it if needed (upload-artifact v3 semantics). */
export async function appendArtifact(dataDir: string, runId: string, name: string, sources: readonly ArtifactSource[], createdAt: number): Promise<ArtifactManifest> {
  checkArtifactName(name);
  const target = path.join(runArtifactsDir(dataDir, runId), name);
  const existing = await readManifest(dataDir, runId, name);
  await copyInto(path.join(target, 'files'), sources);
  const manifest = await buildManifest(name, path.join(target, 'files'), existing?.createdAt ?? createdAt, runId);
  const temp = path.join(target, `manifest.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(temp, JSON.stringify(manifest, null, 2));
  await rename(temp, path.join(target, 'manifest.json'));
  return manifest;
}

async function copyInto(dir: string, sources: readonly ArtifactSource[]): Promise<void> {
  for (const { source, path: inside } of sources) {
    const to = path.join(dir, ...inside.split('/'));
    await mkdir(path.dirname(to), { recursive: true });
    await copyFile(source, to);
  }
}

async function buildManifest(name: string, filesDir: string, createdAt: number, runId: string): Promise<ArtifactManifest> {
  const files = await listFiles(filesDir, '');
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.path}\0`).update(await readFile(path.join(filesDir, f.path)));
  const id = Number.parseInt(createHash('sha256').update(`${runId}/${name}`).digest('hex').slice(0, 8), 16);
  return { name, id, createdAt, size: files.reduce((n, f) => n + f.size, 0), digest: `sha256:${hash.digest('hex')}`, files };
}

async function listFiles(dir: string, prefix: string): Promise<ArtifactFile[]> {
  const out: ArtifactFile[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(path.join(dir, e.name), rel)));
    else out.push({ path: rel, size: (await stat(path.join(dir, e.name))).size });
  }
  return out;
}

/** One artifact's manifest, or undefined when the run has no artifact of that name. */
export async function readManifest(dataDir: string, runId: string, name: string): Promise<ArtifactManifest | undefined> {
  try {
    return JSON.parse(await readFile(path.join(runArtifactsDir(dataDir, runId), name, 'manifest.json'), 'utf8')) as ArtifactManifest;
  } catch {
    return undefined;
  }
}

/** Where an artifact's files are. */
export function artifactFilesDir(dataDir: string, runId: string, name: string): string {
  return path.join(runArtifactsDir(dataDir, runId), name, 'files');
}

/** Every artifact of a run, by name, with its manifest. */
export async function readManifests(dataDir: string, runId: string): Promise<ArtifactManifest[]> {
  const names = await readdir(runArtifactsDir(dataDir, runId)).catch(() => [] as string[]);
  const manifests = await Promise.all(names.filter((n) => !n.startsWith('.staging-')).sort().map((n) => readManifest(dataDir, runId, n)));
  return manifests.filter((m): m is ArtifactManifest => m !== undefined);
}

/** The artifacts of a run, for `autodevops show`: name, total size, number of files. */
export async function listArtifacts(dataDir: string, runId: string): Promise<ArtifactSummary[]> {
  return (await readManifests(dataDir, runId)).map((m) => ({ name: m.name, size: m.size, files: m.files.length }));
}
