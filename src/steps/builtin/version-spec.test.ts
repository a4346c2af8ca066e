import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVersionFile, pep440ToRange, readVersionFile, satisfiesSpec, toRange } from './version-spec.ts';

describe('version specs', () => {
  it('reads partial versions, x-ranges and comparators as the setup actions do', () => {
    expect(satisfiesSpec('v20.11.1', '20')).toBe(true);
    expect(satisfiesSpec('v20.11.1', 'v20')).toBe(true);
    expect(satisfiesSpec('v20.11.1', '18.x')).toBe(false);
    expect(satisfiesSpec('3.11.7', '3.11')).toBe(true);
    expect(satisfiesSpec('3.11.7', '3.11.*')).toBe(true);
    expect(satisfiesSpec('3.11.7', '==3.11')).toBe(true);
    expect(satisfiesSpec('3.12.1', '>=3.9 <3.12')).toBe(false);
    expect(satisfiesSpec('1.22', '^1.21')).toBe(true);
    expect(satisfiesSpec('17.0.15+6', '17.0.15')).toBe(true);
    expect(satisfiesSpec('1.22rc1', '1.22', true)).toBe(false);
    expect(satisfiesSpec('1.22rc1', '~1.22.0-0', true)).toBe(true);
    expect(satisfiesSpec('3.11.7', 'lts/*')).toBe(false);
    expect(satisfiesSpec('garbage', '3')).toBe(false);
    expect(toRange('nonsense')).toBeUndefined();
  });

  it('turns PEP 440 and Poetry specifiers into ranges', () => {
    expect(pep440ToRange('>=3.9,<3.13')).toBe('>=3.9 <3.13');
    expect(pep440ToRange('~=3.10')).toBe('>=3.10 <4');
    expect(pep440ToRange('~=3.10.2')).toBe('>=3.10.2 <3.11');
    expect(pep440ToRange('==3.11.*, !=3.11.1')).toBe('3.11.*');
    expect(pep440ToRange('^3.9')).toBe('^3.9');
  });

  it('reads every kind of version file', () => {
    expect(parseVersionFile('.nvmrc', '# pinned\nv20.11.0\n', 'node')).toBe('20.11.0');
    expect(parseVersionFile('.python-version', '3.12\n3.11\n', 'python')).toBe('3.12');
    expect(parseVersionFile('package.json', '{"volta":{"node":"20.1.0"},"engines":{"node":">=18"}}', 'node')).toBe('20.1.0');
    expect(parseVersionFile('package.json', '{"devEngines":{"runtime":{"name":"node","version":"^22"}}}', 'node')).toBe('^22');
    expect(parseVersionFile('package.json', '{"engines":{"node":">=18"}}', 'node')).toBe('>=18');
    expect(parseVersionFile('package.json', 'not json', 'node')).toBeUndefined();
    expect(parseVersionFile('pyproject.toml', '[project]\nrequires-python = ">=3.10"\n', 'python')).toBe('>=3.10');
    expect(parseVersionFile('pyproject.toml', '[tool.poetry.dependencies]\npython = "^3.9"\n', 'python')).toBe('^3.9');
    expect(parseVersionFile('pyproject.toml', '[project]\n', 'python')).toBeUndefined();
    expect(parseVersionFile('go.mod', 'module x\n\ngo 1.21\n', 'go')).toBe('>=1.21');
    expect(parseVersionFile('go.mod', 'module x\n\ngo 1.21\ntoolchain go1.22.3\n', 'go')).toBe('>=1.22.3');
    expect(parseVersionFile('go.work', 'use .\n', 'go')).toBeUndefined();
    expect(parseVersionFile('.tool-versions', 'nodejs 20.11.0\npython 3.12.1\njava temurin-17.0.9+9\ngolang 1.22.0\n', 'java')).toBe('17.0.9+9');
    expect(parseVersionFile('.tool-versions', 'nodejs 20.11.0\n', 'node')).toBe('20.11.0');
    expect(parseVersionFile('.tool-versions', 'nodejs 20.11.0\n', 'go')).toBeUndefined();
    expect(parseVersionFile('.sdkmanrc', 'java=17.0.1-tem\n', 'java')).toBe('17.0.1');
  });

  it('fails clearly for a missing file or one that names no version', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ado-vf-'));
    try {
      await expect(readVersionFile(path.join(dir, '.nvmrc'), 'node')).rejects.toThrow(/does not exist or cannot be read/);
      writeFileSync(path.join(dir, '.nvmrc'), '# nothing\n');
      await expect(readVersionFile(path.join(dir, '.nvmrc'), 'node')).rejects.toThrow(`No node version was found in ${path.join(dir, '.nvmrc')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
