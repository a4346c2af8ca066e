import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAutodevopsError } from '../../core/errors.ts';
import { maxBranchLength, slugBranch, uniqueBranch } from './branch-name.ts';
import { isolateGitConfig, makeRepo, sh } from './testing/git-fixtures.ts';

let home: string;
beforeAll(() => { home = isolateGitConfig(); });
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Asks real git whether `name` is a valid branch name. */
function gitAccepts(name: string): boolean {
  try {
    execFileSync('git', ['check-ref-format', '--branch', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('slugBranch', () => {
  it.each([
    ['Fix the login bug!', 'autodevops/fix-the-login-bug'],
    ['  Add --dry-run flag to `deploy` (v2.1)...  ', 'autodevops/add-dry-run-flag-to-deploy-v2-1'],
    ['Ça marche très bien, Señor Müller', 'autodevops/ca-marche-tres-bien-senor-muller'],
    ['Straße Ærø Łódź œuvre', 'autodevops/strasse-aero-lodz-oeuvre'],
    ['ＦＵＬＬ width ﬁle', 'autodevops/full-width-file'],
    ['修复登录错误', 'autodevops/change'],
    ['🚀 ship it 🚀', 'autodevops/ship-it'],
    ['', 'autodevops/change'],
    ['../.lock @{ ~^:?*[\\', 'autodevops/lock'],
  ])('%j → %s', (instruction, branch) => {
    expect(slugBranch(instruction)).toBe(branch);
    expect(gitAccepts(branch)).toBe(true);
  });

  it('cuts long text at a word boundary within the length limit', () => {
    const branch = slugBranch('Refactor the payment service so that retries use exponential backoff with jitter');
    expect(branch).toBe('autodevops/refactor-the-payment-service-so-that');
    expect(branch.length).toBeLessThanOrEqual(maxBranchLength);
  });

  it('cuts a single overlong word', () => {
    const branch = slugBranch('x'.repeat(100));
    expect(branch).toBe(`autodevops/${'x'.repeat(maxBranchLength - 'autodevops/'.length)}`);
  });

  it('always gives a short, valid branch name', () => {
    const shape = /^autodevops\/[a-z0-9]+(-[a-z0-9]+)*$/;
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
      const branch = slugBranch(text);
      return shape.test(branch) && branch.length <= maxBranchLength;
    }), { numRuns: 2000 });
    const samples = fc.sample(fc.string({ unit: 'grapheme', maxLength: 80 }), 25).map(slugBranch);
    expect(samples.filter((b) => !gitAccepts(b))).toEqual([]);
  });
});

describe('uniqueBranch', () => {
  let repo: string;
  let root: string;
  let cleanup: () => void;
  beforeEach(() => { ({ repo, root, cleanup } = makeRepo()); });
  afterEach(() => cleanup());

  it('keeps a free name and numbers a taken one', async () => {
    expect(await uniqueBranch(repo, 'autodevops/fix')).toBe('autodevops/fix');
    sh(repo, 'branch', 'autodevops/fix');
    expect(await uniqueBranch(repo, 'autodevops/fix')).toBe('autodevops/fix-2');
    sh(repo, 'branch', 'autodevops/fix-2');
    expect(await uniqueBranch(repo, 'autodevops/fix')).toBe('autodevops/fix-3');
  });

  it('treats a name used as a folder of other branches as taken', async () => {
    sh(repo, 'branch', 'autodevops/docs/intro');
    expect(await uniqueBranch(repo, 'autodevops/docs')).toBe('autodevops/docs-2');
  });

  it('counts branches of a remote as taken', async () => {
    const bare = join(root, 'origin.git');
    sh(root, 'init', '--quiet', '--bare', bare);
    sh(repo, 'remote', 'add', 'origin', bare);
    sh(repo, 'push', '--quiet', 'origin', 'main:autodevops/remote-one');
    sh(repo, 'fetch', '--quiet', 'origin');
    expect(await uniqueBranch(repo, 'autodevops/remote-one')).toBe('autodevops/remote-one-2');
  });

  it('says when git cannot be started', async () => {
    const path = process.env.PATH;
    process.env.PATH = join(root, 'no-bin');
    try {
      const e = await uniqueBranch(repo, 'x').catch((err: unknown) => err);
      expect(isAutodevopsError(e) && e.code === 'ADO_INTERNAL' && e.hint.includes('Install git')).toBe(true);
    } finally {
      process.env.PATH = path;
    }
  });
});
