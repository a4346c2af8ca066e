/**
 * Tracing off costs nothing: with no OTLP or Phoenix variable set, the bundle chunk holding the
 * OpenTelemetry exporter is never loaded — not by `autodevops --version`, not by a whole run.
 * Checked on the built bundle (dist/, built by `npm test` first; built here when missing).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'dist');
const hook = pathToFileURL(path.join(root, 'test/otlp/record-loads.mjs')).href;
let dir: string;

beforeAll(() => {
  if (!existsSync(path.join(dist, 'cli.mjs'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root });
  dir = mkdtempSync(path.join(tmpdir(), 'ado-lazy-'));
  mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
  writeFileSync(path.join(dir, '.github/workflows/ci.yml'), 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The dist/ files a child process loaded. */
function loadedBy(args: string[], env: Record<string, string> = {}): string[] {
  const child = spawnSync(process.execPath, ['--import', hook, ...args], { cwd: dir, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  const line = child.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  if (child.status !== 0 || !line) throw new Error(`child failed (${child.status}): ${child.stderr}`);
  return (JSON.parse(line.slice('LOADED '.length)) as string[]).filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u))
    .filter((f) => f.startsWith(dist + path.sep)).map((f) => path.basename(f));
}

/** The dist/ chunks whose text holds `marker`. */
function chunksWith(marker: string): string[] {
  const found = readdirSync(dist).filter((f) => f.endsWith('.mjs') && readFileSync(path.join(dist, f), 'utf8').includes(marker));
  expect(found.length).toBeGreaterThan(0);
  return found;
}

const RUN = `const { openApp } = await import(${JSON.stringify(pathToFileURL(path.join(dist, 'index.mjs')).href)});
const app = await openApp();
const { done } = await app.startRun({ workflowPath: '.github/workflows/ci.yml' });
if ((await done).conclusion !== 'success') process.exit(1);
await app.close();`;

describe('with tracing off', () => {
  it('`autodevops --version` loads neither the exporter nor the metrics library', () => {
    const loaded = loadedBy([path.join(root, 'bin/autodevops.mjs'), '--version']);
    expect(loaded).toContain('cli.mjs');
    for (const chunk of [...chunksWith('OTLPTraceExporter'), ...chunksWith('autodevops_runs_total')]) expect(loaded).not.toContain(chunk);
  });

  it('a whole run loads the metrics but not the exporter', () => {
    const loaded = loadedBy(['--input-type=module', '-e', RUN]);
    for (const chunk of chunksWith('OTLPTraceExporter')) expect(loaded).not.toContain(chunk);
    expect(chunksWith('autodevops_runs_total').some((c) => loaded.includes(c))).toBe(true);
  });
});

describe('with tracing on', () => {
  it('the exporter is loaded (the check above can see it)', () => {
    const loaded = loadedBy(['--input-type=module', '-e', RUN], { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_EXPORTER_OTLP_TIMEOUT: '200' });
    expect(chunksWith('OTLPTraceExporter').some((c) => loaded.includes(c))).toBe(true);
  });
});
