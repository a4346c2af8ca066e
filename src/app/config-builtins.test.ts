import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listBuiltinActions, openApp } from '../app.ts';
import { builtinActions } from '../steps/builtin/index.ts';
import { loadConfigFile } from './config-file.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function withConfig(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ado-cfg-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'autodevops.yml'), text);
  return dir;
}

describe('autodevops.yml builtins', () => {
  it('disables the named built-ins; the app then does not resolve them to the built-in', async () => {
    const dir = withConfig('builtins:\n  disable: [actions/cache, Actions/Setup-Go]\n');
    expect((await loadConfigFile(dir)).builtins).toEqual({ disable: ['actions/cache', 'actions/setup-go'] });
    const app = await openApp({ cwd: dir, dataDir: path.join(dir, '.data'), env: {} });
    try {
      expect(app.registry.resolve({ uses: 'actions/cache@v4' })).not.toBe(builtinActions['actions/cache']!.executor);
      expect(app.registry.resolve({ uses: 'actions/checkout@v4' })).toBe(builtinActions['actions/checkout']!.executor);
    } finally {
      await app.close();
    }
    const listed = await listBuiltinActions(dir);
    expect(listed.find((a) => a.name === 'actions/cache')).toMatchObject({ enabled: false });
    expect(listed.find((a) => a.name === 'actions/checkout')).toMatchObject({ enabled: true, description: builtinActions['actions/checkout']!.description });
  });

  it('rejects unknown names and malformed values, naming the field', async () => {
    await expect(loadConfigFile(withConfig('builtins:\n  disable: [actions/nope]\n'))).rejects.toThrow(/builtins\.disable: "actions\/nope" is not a built-in action; the built-ins are actions\/checkout, /);
    await expect(loadConfigFile(withConfig('builtins: [actions/cache]\n'))).rejects.toThrow('builtins: expected a mapping with a disable list');
    await expect(loadConfigFile(withConfig('builtins:\n  disable: actions/cache\n'))).rejects.toThrow('builtins.disable: expected a list of action names');
    await expect(loadConfigFile(withConfig('builtins:\n  enable: []\n'))).rejects.toThrow('builtins.enable: unknown field');
    expect((await loadConfigFile(withConfig('max-parallel-jobs: 2\n'))).builtins).toBeUndefined();
  });

  it('lets a custom step given to openApp replace a built-in of the same name', async () => {
    const dir = withConfig('');
    const app = await openApp({ cwd: dir, dataDir: path.join(dir, '.data'), env: {}, steps: { 'actions/checkout': () => ({ mine: 'yes' }) } });
    try {
      expect(app.registry.resolve({ uses: 'actions/checkout@v4' })).not.toBe(builtinActions['actions/checkout']!.executor);
    } finally {
      await app.close();
    }
  });
});
