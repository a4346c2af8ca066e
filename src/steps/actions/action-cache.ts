/**
 * The on-disk cache of fetched action repositories: `<dataDir>/actions/<owner>/<repo>/<sha>/` holds
 * the files of one commit, and `refs.json` beside them maps refs to the commit they last resolved
 * to, so offline runs find `@v1` again. A commit directory appears only complete: it is filled
 * under a temporary name and renamed into place.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One ref's entry in the index. */
export interface RefEntry {
  sha: string;
  /** When it was resolved (ms epoch). */
  at: number;
}

/** The cache of one repository. */
export class RepositoryCache {
  /** `<dataDir>/actions/<owner>/<repo>` (lower-cased). */
  readonly root: string;

  constructor(dataDir: string, owner: string, repo: string) {
    this.root = join(dataDir, 'actions', owner.toLowerCase(), repo.toLowerCase());
  }

  /** The directory of a commit's files. */
  commitDir(sha: string): string {
    return join(this.root, sha);
  }

  /** True when the commit's files are in the cache. */
  has(sha: string): boolean {
    return existsSync(this.commitDir(sha));
  }

  /** The commit `ref` resolved to last time, if it is still cached. */
  async lookup(ref: string): Promise<RefEntry | undefined> {
    const index = await this.#readIndex();
    const entry = Object.hasOwn(index, ref) ? index[ref] : undefined;
    return entry && this.has(entry.sha) ? entry : undefined;
  }

  /** Records that `ref` resolved to `sha`. Concurrent writers: the last complete write wins. */
  async remember(ref: string, sha: string, at: number): Promise<void> {
    // fromEntries keeps a ref named like `__proto__` as data.
    const index = Object.fromEntries([...Object.entries(await this.#readIndex()), [ref, { sha, at }]]);
    await this.#writeAtomically(join(this.root, 'refs.json'), `${JSON.stringify(index, null, 2)}\n`);
  }

  /** A fresh temporary directory inside the cache (same file system, so the final rename is atomic). */
  async temporaryDir(): Promise<string> {
    await mkdir(this.root, { recursive: true });
    return join(this.root, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  }

  /** Moves a filled temporary directory into place; if another fetch got there first, keeps theirs. */
  async install(tempDir: string, sha: string): Promise<string> {
    const target = this.commitDir(sha);
    try {
      await rename(tempDir, target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
      await rm(tempDir, { recursive: true, force: true });
    }
    return target;
  }

  async #readIndex(): Promise<Record<string, RefEntry>> {
    try {
      const parsed: unknown = JSON.parse(await readFile(join(this.root, 'refs.json'), 'utf8'));
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, RefEntry>) : {};
    } catch {
      // Missing or damaged: refs are resolved again (online) and the index rewritten.
      return {};
    }
  }

  async #writeAtomically(file: string, text: string): Promise<void> {
    await mkdir(this.root, { recursive: true });
    const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
    await writeFile(temp, text);
    await rename(temp, file);
  }
}
