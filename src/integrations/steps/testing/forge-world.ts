/**
 * A world for the forge steps' end-to-end tests: a real engine (test/support/engine-harness.ts)
 * with the forge steps registered on a connector, a git repository (from the test's fixtures)
 * given a branch `ado/fix-1` that changes `src/app.txt`, and a bare repository as its remote.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { openHarness, type Harness } from '../../../../test/support/engine-harness.ts';
import type { RunView } from '../../../core/views.ts';
import type { ForgeConnector } from '../forge-connection.ts';
import { forgeSteps } from '../index.ts';

/** A scratch folder holding a repository on branch `main` with `src/app.txt` (lines one, two). */
export interface RepoFixture {
  root: string;
  repo: string;
  cleanup(): void;
}

/** The world of one test. */
export interface ForgeWorld {
  harness: Harness;
  /** The working repository and its bare remote. */
  repo: string;
  bare: string;
  root: string;
  /** Runs a workflow of one job with these steps. */
  run(steps: Array<Record<string, unknown>>, secrets?: Record<string, string>): Promise<RunView>;
  /** Everything the run left behind that a person or tool can read: logs, history, the view. */
  traces(view: RunView): Promise<string>;
  /** The commit a branch of the bare remote points at, or undefined. */
  remoteSha(branch: string): string | undefined;
  close(): Promise<void>;
}

const git = (cwd: string, ...args: string[]): void => void execFileSync('git', ['-c', 'user.name=Setup', '-c', 'user.email=setup@example.com', ...args], { cwd, stdio: 'ignore' });

/** Opens a world on the repository `fixture`, with the forge steps on `connector`. */
export async function openForgeWorld(connector: ForgeConnector, fixture: RepoFixture): Promise<ForgeWorld> {
  const bare = path.join(fixture.root, 'remote.git');
  execFileSync('git', ['init', '--quiet', '--bare', '-b', 'main', bare]);
  git(fixture.repo, 'checkout', '--quiet', '-b', 'ado/fix-1');
  writeFileSync(path.join(fixture.repo, 'src', 'app.txt'), 'one\ntwo\nthree\nfour\n');
  git(fixture.repo, 'commit', '--quiet', '-am', 'Add lines three and four');
  git(fixture.repo, 'checkout', '--quiet', 'main');
  const harness = await openHarness();
  for (const [name, step] of Object.entries(forgeSteps(connector))) harness.registry.register(name, step);
  return {
    harness, repo: fixture.repo, bare, root: fixture.root,
    run: (steps, secrets) => harness.run(stringify({ on: 'push', jobs: { deliver: { 'runs-on': 'ubuntu-latest', steps } } }), secrets ? { secrets } : {}),
    async traces(view) {
      const history = await harness.store.history(view.id);
      return [await harness.logs(view.id), JSON.stringify(history), JSON.stringify(view)].join('\n');
    },
    remoteSha(branch) {
      try {
        return execFileSync('git', ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], { cwd: bare, encoding: 'utf8' }).trim();
      } catch {
        return undefined;
      }
    },
    async close() {
      await harness.close();
      fixture.cleanup();
    },
  };
}
