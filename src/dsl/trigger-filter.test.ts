import { describe, expect, it } from 'vitest';
import { parseWorkflowText } from './index.ts';
import type { TriggerDefinition } from './model.ts';
import { compileFilterPattern, matchTrigger, selectedBy } from './trigger-filter.ts';

const matches = (pattern: string, name: string): boolean => selectedBy([pattern], name).selected;

describe('filter patterns: GitHub docs "Patterns to match branches and tags"', () => {
  it.each([
    ['feature/*', ['feature/my-branch', 'feature/your-branch'], ['feature/beta-a/my-branch']],
    ['feature/**', ['feature/beta-a/my-branch', 'feature/your-branch', 'feature/mona/the/octocat'], ['feature']],
    ['main', ['main'], ['main2', 'xmain']],
    ['releases/mona-the-octocat', ['releases/mona-the-octocat'], ['releases/mona']],
    ['*', ['main', 'releases'], ['releases/v1']],
    ['**', ['all/the/branches', 'every/tag'], []],
    ['*feature', ['mona-feature', 'feature', 'ver-10-feature'], ['feature-x']],
    ['v2*', ['v2', 'v2.0', 'v2.9'], ['v3', 'v2/x']],
    ['v[12].[0-9]+.[0-9]+', ['v1.10.1', 'v2.0.0'], ['v3.0.0', 'v1x0.0', 'v1..0']],
  ])('%s', (pattern, yes, no) => {
    for (const name of yes) expect(matches(pattern, name), `${pattern} ~ ${name}`).toBe(true);
    for (const name of no) expect(matches(pattern, name), `${pattern} !~ ${name}`).toBe(false);
  });
});

describe('filter patterns: GitHub docs "Patterns to match file paths"', () => {
  it.each([
    ['*', ['README.md', 'server.rb'], ['docs/README.md']],
    ['*.jsx?', ['page.js', 'page.jsx'], ['page.jsxx', 'src/page.js']],
    ['**', ['all/the/files.md'], []],
    ['*.js', ['app.js', 'index.js'], ['js/index.js']],
    ['**.js', ['index.js', 'js/index.js', 'src/js/app.js'], ['index.ts']],
    ['docs/*', ['docs/README.md', 'docs/file.txt'], ['docs/mona/octocat.txt']],
    ['docs/**', ['docs/README.md', 'docs/mona/octocat.txt'], ['README.md']],
    ['docs/**/*.md', ['docs/README.md', 'docs/mona/hello-world.md', 'docs/a/markdown/file.md'], ['docs/a.txt']],
    ['**/docs/**', ['docs/hello.md', 'dir/docs/my-file.txt', 'space/docs/plan/space.doc'], ['mydocs/x']],
    ['**/README.md', ['README.md', 'js/README.md'], ['README.mdx']],
    ['**/*src/**', ['a/src/app.js', 'my-src/code/js/app.js'], ['source/app.js']],
    ['**/*-post.md', ['my-post.md', 'path/their-post.md'], ['post.md']],
    ['**/migrate-*.sql', ['migrate-10909.sql', 'db/migrate-v1.0.sql', 'db/sept/migrate-v1.sql'], ['db/migrate.sql']],
  ])('%s', (pattern, yes, no) => {
    for (const name of yes) expect(matches(pattern, name), `${pattern} ~ ${name}`).toBe(true);
    for (const name of no) expect(matches(pattern, name), `${pattern} !~ ${name}`).toBe(false);
  });

  it('reads negations in order: the last matching pattern wins', () => {
    const excluding = ['*.md', '!README.md'];
    expect(selectedBy(excluding, 'hello.md')).toEqual({ selected: true, by: '*.md' });
    expect(selectedBy(excluding, 'README.md')).toEqual({ selected: false, by: '!README.md' });
    expect(selectedBy(excluding, 'docs/hello.md')).toEqual({ selected: false });
    const reincluding = ['*.md', '!README.md', 'README*'];
    for (const name of ['hello.md', 'README.md', 'README.doc']) expect(selectedBy(reincluding, name).selected).toBe(true);
  });
});

describe('filter patterns: syntax details', () => {
  it('treats ?, + and ! literally where they quantify or negate nothing, and \\ escapes', () => {
    expect(matches('+x', '+x')).toBe(true);
    expect(matches('a*+', 'abc+')).toBe(true);
    expect(matches('\\!file', '!file')).toBe(true);
    expect(matches('release\\+1', 'release+1')).toBe(true);
    expect(matches('release\\+1', 'releasee1')).toBe(false);
    expect(matches('a!b', 'a!b')).toBe(true);
    expect(matches('.yml', 'fyml')).toBe(false);
    expect(matches('[CB]at', 'Cat')).toBe(true);
    expect(matches('[1-2]00', '200')).toBe(true);
    expect(matches('[1-2]00', '300')).toBe(false);
    expect(matches('[.]x', '.x')).toBe(true);
    expect(matches('**/b', 'b')).toBe(true);
    expect(matches('(a|b)', '(a|b)')).toBe(true);
  });

  it('names the problem of an invalid pattern', () => {
    expect(() => compileFilterPattern('v[0-9')).toThrow(/without its closing/);
    expect(() => compileFilterPattern('v[]')).toThrow(/empty/);
    expect(() => compileFilterPattern('[9-0]')).toThrow(/range "9-0"/);
    expect(() => compileFilterPattern('[!-/]')).toThrow(/range/);
    expect(() => compileFilterPattern('end\\')).toThrow(/lone/);
  });

  it('reuses compiled patterns', () => {
    expect(compileFilterPattern('cached/**')).toBe(compileFilterPattern('cached/**'));
    for (let i = 0; i < 1001; i++) compileFilterPattern(`p${i}`);
    expect(compileFilterPattern('p1000').test('p1000')).toBe(true);
  });
});

const on = (triggers: Record<string, TriggerDefinition>) => triggers;

describe('matchTrigger: events and activity types', () => {
  it('refuses an event the workflow does not name', () => {
    expect(matchTrigger(on({ push: {} }), { event: 'issues', action: 'opened' })).toEqual({
      matched: false, reason: 'the workflow has no `on: issues` trigger',
    });
    expect(matchTrigger(on({}), { event: 'toString' }).matched).toBe(false);
  });

  it("applies GitHub's default pull_request types when types is omitted", () => {
    for (const action of ['opened', 'synchronize', 'reopened']) {
      expect(matchTrigger(on({ pull_request: {} }), { event: 'pull_request', action }).matched).toBe(true);
    }
    expect(matchTrigger(on({ pull_request_target: {} }), { event: 'pull_request_target', action: 'closed' })).toEqual({
      matched: false,
      reason: 'activity type "closed" is not one of GitHub\'s default types for pull_request_target [opened, synchronize, reopened]',
    });
  });

  it('uses written types, and all types for other events by default', () => {
    expect(matchTrigger(on({ pull_request: { types: ['closed'] } }), { event: 'pull_request', action: 'closed' }).matched).toBe(true);
    expect(matchTrigger(on({ issues: { types: ['labeled'] } }), { event: 'issues', action: 'opened' })).toEqual({
      matched: false, reason: 'activity type "opened" is not one of types [labeled]',
    });
    expect(matchTrigger(on({ issues: {} }), { event: 'issues', action: 'deleted' })).toEqual({ matched: true, reason: 'matches on.issues' });
    expect(matchTrigger(on({ repository_dispatch: { types: ['deploy'] } }), { event: 'repository_dispatch', action: 'deploy' }).matched).toBe(true);
  });
});

describe('matchTrigger: branches and tags', () => {
  const push = (ref: string, changedFiles?: string[]) => ({ event: 'push', ref, ...(changedFiles && { changedFiles }) });

  it('runs for every ref without ref filters', () => {
    expect(matchTrigger(on({ push: {} }), push('refs/heads/x')).matched).toBe(true);
    expect(matchTrigger(on({ push: {} }), push('refs/tags/v1')).matched).toBe(true);
  });

  it('filters branch pushes with branches and ignores tag pushes when only branches are filtered', () => {
    const triggers = on({ push: { branches: ['main', 'releases/**', '!releases/**-alpha'] } });
    expect(matchTrigger(triggers, push('refs/heads/main')).matched).toBe(true);
    expect(matchTrigger(triggers, push('refs/heads/releases/v1/x')).matched).toBe(true);
    expect(matchTrigger(triggers, push('refs/heads/releases/v2-alpha')).reason).toBe(
      'branch "releases/v2-alpha" is excluded by "!releases/**-alpha" of branches [main, releases/**, !releases/**-alpha]',
    );
    expect(matchTrigger(triggers, push('refs/heads/dev')).reason).toBe('branch "dev" matches none of branches [main, releases/**, !releases/**-alpha]');
    expect(matchTrigger(triggers, push('refs/tags/v1')).reason).toBe('the trigger filters only branches, so the push of tag "v1" does not run it');
  });

  it('filters tag pushes with tags and ignores branch pushes when only tags are filtered', () => {
    const triggers = on({ push: { tags: ['v*'] } });
    expect(matchTrigger(triggers, push('refs/tags/v1.2')).matched).toBe(true);
    expect(matchTrigger(triggers, push('refs/tags/x1')).matched).toBe(false);
    expect(matchTrigger(triggers, push('refs/heads/main')).reason).toBe('the trigger filters only tags, so the push to branch "main" does not run it');
    expect(matchTrigger(on({ push: { 'tags-ignore': ['nightly*'] } }), push('refs/tags/nightly-1')).reason).toBe('tag "nightly-1" is ignored by tags-ignore "nightly*"');
  });

  it('applies branches-ignore, and both kinds when both are filtered', () => {
    const triggers = on({ push: { 'branches-ignore': ['dependabot/**'], tags: ['v*'] } });
    expect(matchTrigger(triggers, push('refs/heads/dependabot/npm/x')).reason).toBe('branch "dependabot/npm/x" is ignored by branches-ignore "dependabot/**"');
    expect(matchTrigger(triggers, push('refs/heads/main')).matched).toBe(true);
    expect(matchTrigger(triggers, push('refs/tags/v2')).matched).toBe(true);
    expect(matchTrigger(triggers, push('refs/notes/commits')).reason).toMatch(/neither a branch nor a tag/);
  });

  it('filters pull requests by their base branch', () => {
    const triggers = on({ pull_request: { branches: ['main'] }, pull_request_target: { 'branches-ignore': ['main'] } });
    expect(matchTrigger(triggers, { event: 'pull_request', action: 'opened', ref: 'refs/pull/1/merge', baseRef: 'main' }).matched).toBe(true);
    expect(matchTrigger(triggers, { event: 'pull_request', action: 'opened', baseRef: 'refs/heads/main' }).matched).toBe(true);
    expect(matchTrigger(triggers, { event: 'pull_request', action: 'opened', baseRef: 'dev' }).reason).toBe('base branch "dev" matches none of branches [main]');
    expect(matchTrigger(triggers, { event: 'pull_request', action: 'opened' }).reason).toBe('the delivery names no base branch, and the trigger filters branches');
    expect(matchTrigger(triggers, { event: 'pull_request_target', action: 'opened', baseRef: 'main' }).matched).toBe(false);
  });

  it('ignores ref filters of events that have none', () => {
    expect(matchTrigger(on({ release: { branches: ['main'] } }), { event: 'release', action: 'published', ref: 'refs/tags/v1' }).matched).toBe(true);
  });
});

describe('matchTrigger: paths', () => {
  const push = (changedFiles: string[] | undefined, ref = 'refs/heads/main') => ({ event: 'push', ref, ...(changedFiles && { changedFiles }) });

  it('runs when at least one changed file is selected by paths', () => {
    const triggers = on({ push: { paths: ['src/**', '!src/**/*.md'] } });
    expect(matchTrigger(triggers, push(['README.md', 'src/a.ts'])).matched).toBe(true);
    expect(matchTrigger(triggers, push(['src/notes.md', 'README.md'])).reason).toBe('none of the 2 changed files matches paths [src/**, !src/**/*.md]');
    expect(matchTrigger(triggers, push([])).matched).toBe(false);
  });

  it('does not run when every changed file is ignored by paths-ignore', () => {
    const triggers = on({ push: { 'paths-ignore': ['docs/**'] } });
    expect(matchTrigger(triggers, push(['docs/a.md', 'docs/b/c.md'])).reason).toBe('all 2 changed files match paths-ignore [docs/**]');
    expect(matchTrigger(triggers, push(['docs/a.md', 'src/a.ts'])).matched).toBe(true);
  });

  it('needs branches and paths both satisfied, and skips paths for tag pushes', () => {
    const triggers = on({ push: { branches: ['main'], tags: ['v*'], paths: ['src/**'] } });
    expect(matchTrigger(triggers, push(['docs/a.md'])).matched).toBe(false);
    expect(matchTrigger(triggers, push(['src/a.ts'], 'refs/heads/dev')).matched).toBe(false);
    expect(matchTrigger(triggers, push(['docs/a.md'], 'refs/tags/v1')).matched).toBe(true);
  });

  it('treats paths as satisfied when the changed files are unknown, and says so', () => {
    expect(matchTrigger(on({ pull_request: { paths: ['src/**'] } }), { event: 'pull_request', action: 'opened', baseRef: 'main' })).toEqual({
      matched: true, reason: 'matches on.pull_request; path filters not evaluated: the delivery does not list the changed files',
    });
  });

  it('ignores path filters of events that have none', () => {
    expect(matchTrigger(on({ issues: { paths: ['src/**'] } }), { event: 'issues', action: 'opened', changedFiles: [] }).matched).toBe(true);
  });

  it('reports an invalid pattern as a non-match naming it', () => {
    expect(matchTrigger(on({ push: { paths: ['src/[a'] } }), push(['src/a'])).reason).toBe('on.push: pattern "src/[a" has a "[" without its closing "]"');
  });
});

describe('matchTrigger with a parsed workflow', () => {
  it('reads the filters the DSL normalises from YAML', async () => {
    const workflow = await parseWorkflowText('ci.yml', [
      'on:',
      '  push:',
      '    branches: [main]',
      "    paths: ['**.ts']",
      '  pull_request:',
      '    types: [opened, labeled]',
      'jobs:',
      '  a: { runs-on: ubuntu-latest, steps: [{ run: echo }] }',
    ].join('\n'));
    expect(matchTrigger(workflow.on, { event: 'push', ref: 'refs/heads/main', changedFiles: ['src/x.ts'] }).matched).toBe(true);
    expect(matchTrigger(workflow.on, { event: 'push', ref: 'refs/heads/main', changedFiles: ['x.md'] }).matched).toBe(false);
    expect(matchTrigger(workflow.on, { event: 'pull_request', action: 'labeled' }).matched).toBe(true);
    expect(matchTrigger(workflow.on, { event: 'pull_request', action: 'synchronize' }).matched).toBe(false);
  });
});
