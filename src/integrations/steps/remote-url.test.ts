import { describe, expect, it } from 'vitest';
import type { ForgeRoot } from './forge-connection.ts';
import { forgeOfRemote, parseRemote, parseRepository, repoOfRemote } from './remote-url.ts';

const roots: ForgeRoot[] = [{ kind: 'github', url: 'https://github.com' }, { kind: 'gitlab', url: 'https://code.example.com/gitlab' }];

describe('remote URLs', () => {
  it('reads https, ssh and scp-like remotes, and nothing from local ones', () => {
    expect(parseRemote('https://github.com/octo/app.git')).toEqual({ host: 'github.com', path: 'octo/app' });
    expect(parseRemote('ssh://git@Code.Example.com:2222/gitlab/g/sub/app.git')).toEqual({ host: 'code.example.com', path: 'gitlab/g/sub/app' });
    expect(parseRemote('git@github.com:octo/app.git')).toEqual({ host: 'github.com', path: 'octo/app' });
    expect(parseRemote('file:///srv/app.git')).toBeUndefined();
    expect(parseRemote('/srv/app.git')).toBeUndefined();
  });

  it('tells the forge from configured roots, then from the host name', () => {
    expect(forgeOfRemote('git@code.example.com:gitlab/g/app.git', roots)).toBe('gitlab');
    expect(forgeOfRemote('https://github.example.org/o/a', roots)).toBe('github');
    expect(forgeOfRemote('https://gitlab.example.org/o/a', [])).toBe('gitlab');
    expect(forgeOfRemote('https://example.org/o/a', roots)).toBeUndefined();
    expect(forgeOfRemote('/srv/app.git', roots)).toBeUndefined();
  });

  it('reads the repository, without the instance path of a GitLab under a folder', () => {
    expect(repoOfRemote('https://code.example.com/gitlab/g/sub/app.git', 'gitlab', roots)).toEqual({ owner: 'g/sub', name: 'app' });
    expect(repoOfRemote('https://github.com/octo/app', 'github', roots)).toEqual({ owner: 'octo', name: 'app' });
    expect(repoOfRemote('https://github.com/octo/app/extra', 'github', roots)).toBeUndefined();
    expect(repoOfRemote('/srv/app.git', 'github', roots)).toBeUndefined();
  });

  it('parses owner/name for GitHub and nested groups for GitLab', () => {
    expect(parseRepository('a/b/c', 'gitlab')).toEqual({ owner: 'a/b', name: 'c' });
    expect(parseRepository('a/b/c', 'github')).toBeUndefined();
    expect(parseRepository('a//c', 'gitlab')).toBeUndefined();
    expect(parseRepository('octo/app.git', 'github')).toEqual({ owner: 'octo', name: 'app' });
  });
});
