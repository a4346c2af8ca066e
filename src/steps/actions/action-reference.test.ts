import { describe, expect, it } from 'vitest';
import { parseActionReference, repositoryKey, type RemoteReference } from './action-reference.ts';

describe('parseActionReference', () => {
  it('reads local, remote and docker references', () => {
    expect(parseActionReference('./.github/actions/x')).toEqual({ kind: 'local', path: './.github/actions/x' });
    expect(parseActionReference('.')).toEqual({ kind: 'local', path: '.' });
    expect(parseActionReference('actions/checkout@v4')).toEqual({ kind: 'remote', owner: 'actions', repo: 'checkout', path: '', ref: 'v4' });
    expect(parseActionReference(' github/codeql-action/init/sub@release/v3 ')).toEqual({ kind: 'remote', owner: 'github', repo: 'codeql-action', path: 'init/sub', ref: 'release/v3' });
    expect(parseActionReference('docker://alpine:3.20')).toEqual({ kind: 'docker', image: 'alpine:3.20' });
  });

  it('refuses what is not an action reference', () => {
    for (const uses of ['checkout', 'actions/checkout', 'actions@v1', 'docker://', '../x', 'a/../b@v1', 'a/b/../c@v1', '../b@v1', 'a b/c@v1', 'a/b@']) {
      expect(parseActionReference(uses), uses).toBeUndefined();
    }
  });

  it('keys repositories case-insensitively by name and exactly by ref', () => {
    expect(repositoryKey(parseActionReference('Acme/Tools/sub@Main') as RemoteReference)).toBe('acme/tools@Main');
  });
});
