/**
 * A run's artifacts for the server: their manifests, one file as a stream, or the whole artifact as
 * a gzip'd tar stream. Names and paths come from requests, so each is checked to stay inside the
 * artifact before anything is opened.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar';
import type { ArtifactInfo } from '../app-api.ts';
import { artifactFilesDir, readManifest, readManifests } from '../steps/builtin/artifact-store.ts';

const safeName = (name: string): boolean => name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name) && !name.startsWith('.staging-');

/** The run's artifacts, by name. */
export async function listRunArtifacts(dataDir: string, runId: string): Promise<ArtifactInfo[]> {
  return (await readManifests(dataDir, runId)).map(({ name, size, createdAt, digest, files }) => ({ name, size, createdAt, digest, files }));
}

/** One file of an artifact, when both exist (the path must be one the manifest lists). */
export async function openArtifactFile(dataDir: string, runId: string, name: string, file: string): Promise<{ size: number; stream: ReadableStream<Uint8Array> } | undefined> {
  if (!safeName(name)) return undefined;
  const listed = (await readManifest(dataDir, runId, name))?.files.find((f) => f.path === file);
  if (listed === undefined) return undefined;
  const absolute = path.join(artifactFilesDir(dataDir, runId, name), ...file.split('/'));
  const { size } = await stat(absolute);
  return { size, stream: Readable.toWeb(createReadStream(absolute)) as ReadableStream<Uint8Array> };
}

/** The artifact's files as a gzip'd tar stream, paths relative to the artifact. */
export async function artifactArchive(dataDir: string, runId: string, name: string): Promise<ReadableStream<Uint8Array> | undefined> {
  if (!safeName(name)) return undefined;
  const manifest = await readManifest(dataDir, runId, name);
  if (manifest === undefined) return undefined;
  const pack = tar.create({ gzip: true, portable: true, cwd: artifactFilesDir(dataDir, runId, name) }, manifest.files.map((f) => f.path));
  return Readable.toWeb(Readable.from(pack)) as ReadableStream<Uint8Array>;
}
