/**
 * The local cache behind actions/cache: `<dataDir>/cache/<version>/<sha256(key)>.tar.gz` plus a
 * `.json` record written last (an entry exists once its record does). The version is derived from
 * the `path:` patterns, as GitHub's is, so a key saved for other paths is never restored. An entry
 * is never overwritten (GitHub's rule): the archive is hard-linked into place, which fails if
 * another save got there first, so concurrent matrix jobs cannot clobber each other.
 */
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One saved entry. */
export interface CacheEntry {
  key: string;
  version: string;
  /** ms epoch. */
  createdAt: number;
  /** Archive size in bytes. */
  size: number;
  /** Absolute path of the archive. */
  archive: string;
}

/** The cache version of a set of `path:` lines (order matters, as on GitHub). */
export function cacheVersion(paths: readonly string[]): string {
  return createHash('sha256').update([...paths, 'gzip'].join('|')).digest('hex').slice(0, 32);
}

function entryPaths(dataDir: string, version: string, key: string): { dir: string; archive: string; record: string } {
  const dir = path.join(dataDir, 'cache', version);
  const name = createHash('sha256').update(key).digest('hex');
  return { dir, archive: path.join(dir, `${name}.tar.gz`), record: path.join(dir, `${name}.json`) };
}

/** All entries of a version, newest first. */
export async function listCacheEntries(dataDir: string, version: string): Promise<CacheEntry[]> {
  const dir = path.join(dataDir, 'cache', version);
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries = await Promise.all(names.filter((n) => n.endsWith('.json')).map(async (n) => {
    try {
      return JSON.parse(await readFile(path.join(dir, n), 'utf8')) as CacheEntry;
    } catch {
      return undefined; // a record being replaced by a concurrent writer, or not ours
    }
  }));
  return entries.filter((e): e is CacheEntry => e !== undefined).sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * GitHub's lookup: the primary key exactly; else the newest entry whose key starts with it; else,
 * for each restore key in order, the newest entry whose key starts with that one.
 */
export async function findCacheEntry(dataDir: string, version: string, primaryKey: string, restoreKeys: readonly string[]): Promise<CacheEntry | undefined> {
  const entries = await listCacheEntries(dataDir, version);
  const exact = entries.find((e) => e.key === primaryKey);
  if (exact) return exact;
  for (const prefix of [primaryKey, ...restoreKeys]) {
    const match = entries.find((e) => e.key.startsWith(prefix));
    if (match) return match;
  }
  return undefined;
}

/** Saves an entry whose archive `write` produces; 'exists' (and nothing written) when the key is taken. */
export async function saveCacheEntry(dataDir: string, version: string, key: string, createdAt: number, write: (file: string) => Promise<void>): Promise<'saved' | 'exists'> {
  const { dir, archive, record } = entryPaths(dataDir, version, key);
  await mkdir(dir, { recursive: true });
  if (await stat(record).then(() => true, () => false)) return 'exists';
  const temp = `${archive}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await write(temp);
    try {
      await link(temp, archive);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
      throw e;
    }
    const entry: CacheEntry = { key, version, createdAt, size: (await stat(archive)).size, archive };
    const recordTemp = `${record}.${process.pid}.tmp`;
    await writeFile(recordTemp, JSON.stringify(entry));
    await rename(recordTemp, record);
    return 'saved';
  } finally {
    await rm(temp, { force: true });
  }
}
