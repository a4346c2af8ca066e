import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectContainerRuntime } from './container-runtime.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A directory holding fake `docker` / `podman` programs with the given `info` behaviour. */
function binDir(programs: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ado-runtime-'));
  dirs.push(dir);
  for (const [name, script] of Object.entries(programs)) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${script}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

describe('detectContainerRuntime', () => {
  it('finds none when no engine is on PATH', async () => {
    expect(await detectContainerRuntime({ path: binDir({}) })).toBeUndefined();
  });

  it('does not count a client whose daemon does not answer, and takes podman then', async () => {
    const path = binDir({ docker: 'echo "Cannot connect to the Docker daemon" >&2; exit 1', podman: 'exit 0' });
    expect(await detectContainerRuntime({ path })).toBe('podman');
  });

  it('prefers docker, gives up on an engine that hangs, and asks once per PATH', async () => {
    const counter = join(binDir({}), 'count');
    const path = binDir({ docker: `echo x >> ${counter}; exit 0` });
    expect(await detectContainerRuntime({ path })).toBe('docker');
    expect(await detectContainerRuntime({ path })).toBe('docker');
    expect(readFileSync(counter, 'utf8')).toBe('x\n');
    const hanging = binDir({ docker: 'sleep 5' });
    const started = Date.now();
    expect(await detectContainerRuntime({ path: hanging, timeoutMs: 200 })).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
