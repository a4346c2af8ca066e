import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StepExecutor } from '../../engine/ports/step.ts';
import { checkArtifactName, listArtifacts, readManifest } from './artifact-store.ts';
import { downloadArtifact } from './download-artifact.ts';
import { builtinContext, runMain } from './testing/builtin-context.ts';
import { commonAncestor, uploadArtifact } from './upload-artifact.ts';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

function machine(): { dataDir: string; ws: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'ado-art-'));
  roots.push(root);
  const ws = path.join(root, 'ws');
  for (const [file, content] of Object.entries({ 'dist/app.js': 'app', 'dist/lib/util.js': 'util!', 'dist/.env': 'secret', 'report.txt': 'ok', 'logs/a.log': 'a', 'logs/b.log': 'b' })) {
    mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
    writeFileSync(path.join(ws, file), content);
  }
  return { dataDir: path.join(root, 'data'), ws };
}

async function step(executor: StepExecutor, m: ReturnType<typeof machine>, uses: string, inputs: Record<string, unknown>, runId = 'run-1') {
  const ctx = await builtinContext({ uses, with: inputs, workspace: m.ws, dataDir: m.dataDir, runId, github: { repository: 'acme/app' } });
  return { result: await runMain(executor, ctx), log: ctx.text() };
}

const files = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();

describe('upload-artifact and download-artifact', () => {
  it('uploads a directory (v4: hidden files left out), lists it, and downloads it by name', async () => {
    const m = machine();
    const up = await step(uploadArtifact, m, 'actions/upload-artifact@v4', { name: 'dist', path: 'dist/', 'retention-days': 5 });
    expect(up.result.outcome).toBe('success');
    expect(up.log).toContain('With the provided path, there will be 2 files uploaded');
    expect(up.log).toContain('retention-days does not apply locally');
    expect(up.result.outputs?.['artifact-url']).toMatch(/^file:\/\/.*\/artifacts\/run-1\/dist\/files$/);
    expect(up.result.outputs?.['artifact-digest']).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(up.result.outputs?.['artifact-id'])).toBeGreaterThan(0);
    expect(await listArtifacts(m.dataDir, 'run-1')).toEqual([{ name: 'dist', size: 8, files: 2 }]);
    const manifest = await readManifest(m.dataDir, 'run-1', 'dist');
    expect(manifest?.files).toEqual([{ path: 'app.js', size: 3 }, { path: 'lib/util.js', size: 5 }]);

    const down = await step(downloadArtifact, m, 'actions/download-artifact@v4', { name: 'dist', path: 'out' });
    expect(down.result.outputs).toEqual({ 'download-path': path.join(m.ws, 'out') });
    expect(files(path.join(m.ws, 'out'))).toEqual(['app.js', 'lib/util.js']);
  });

  it('keeps paths relative to the common ancestor of several patterns, and a lone file by its name', async () => {
    const m = machine();
    await step(uploadArtifact, m, 'actions/upload-artifact@v4', { name: 'mixed', path: 'dist/lib\nlogs/*.log\n!logs/b.log', 'include-hidden-files': true });
    expect((await readManifest(m.dataDir, 'run-1', 'mixed'))?.files.map((f) => f.path)).toEqual(['dist/lib/util.js', 'logs/a.log']);
    await step(uploadArtifact, m, 'actions/upload-artifact@v4', { name: 'one', path: 'report.txt' });
    expect((await readManifest(m.dataDir, 'run-1', 'one'))?.files.map((f) => f.path)).toEqual(['report.txt']);
    await step(uploadArtifact, m, 'actions/upload-artifact@v4', { name: 'hidden', path: 'dist', 'include-hidden-files': true });
    expect((await readManifest(m.dataDir, 'run-1', 'hidden'))?.files.map((f) => f.path)).toEqual(['.env', 'app.js', 'lib/util.js']);
    expect(commonAncestor(['/a/b/c', '/a/b/d', '/a/bx'])).toBe('/a');
    expect(commonAncestor(['/x', '/y'])).toBe('/');
  });

  it('v4 artifacts are immutable unless overwrite; v3 uploads of one name add up', async () => {
    const m = machine();
    await step(uploadArtifact, m, 'actions/upload-artifact@v4', { name: 'r', path: 'report.txt' });
    const again = await step(uploadArtifact, m, 'actions/upload-artifact@v4', { name: 'r', path: 'logs' });
    expect(again.result.thrown).toContain('An artifact with the name "r" already exists in this run');
    await step(uploadArtifact, m, 'actions/upload-artifact@v4', { name: 'r', path: 'logs', overwrite: true });
    expect((await readManifest(m.dataDir, 'run-1', 'r'))?.files.map((f) => f.path)).toEqual(['a.log', 'b.log']);

    const v3a = await step(uploadArtifact, m, 'actions/upload-artifact@v3', { name: 'legacy', path: 'report.txt' });
    expect(v3a.result).toEqual({ outcome: 'success' });
    await step(uploadArtifact, m, 'actions/upload-artifact@v3', { name: 'legacy', path: 'dist' });
    expect((await readManifest(m.dataDir, 'run-1', 'legacy'))?.files.map((f) => f.path)).toEqual(['.env', 'app.js', 'lib/util.js', 'report.txt']);
  });

  it('if-no-files-found: warn (default), error, ignore', async () => {
    const m = machine();
    const warn = await step(uploadArtifact, m, 'actions/upload-artifact@v4', { path: 'none/*' });
    expect(warn.result.annotations?.[0]).toEqual({ level: 'warning', message: 'No files were found with the provided path: none/*. No artifacts will be uploaded.' });
    expect((await step(uploadArtifact, m, 'actions/upload-artifact@v4', { path: 'none', 'if-no-files-found': 'error' })).result).toMatchObject({ outcome: 'failure' });
    expect((await step(uploadArtifact, m, 'actions/upload-artifact@v4', { path: 'none', 'if-no-files-found': 'ignore' })).result).toEqual({ outcome: 'success' });
    expect((await step(uploadArtifact, m, 'actions/upload-artifact@v4', { path: 'none', 'if-no-files-found': 'maybe' })).result.thrown).toContain('is not one of warn, error, ignore');
    expect((await step(uploadArtifact, m, 'actions/upload-artifact@v4', {})).result.thrown).toBe('Input required and not supplied: path');
    expect(await listArtifacts(m.dataDir, 'run-1')).toEqual([]);
  });

  it('downloads all artifacts, each in its own directory or merged, filtered by pattern', async () => {
    const m = machine();
    await step(uploadArtifact, m, 'actions/upload-artifact@v4', { name: 'logs-a', path: 'logs/a.log' });
    await step(uploadArtifact, m, 'actions/upload-artifact@v4', { name: 'logs-b', path: 'logs/b.log' });
    await step(uploadArtifact, m, 'actions/upload-artifact@v4', { name: 'report', path: 'report.txt' });
    await step(downloadArtifact, m, 'actions/download-artifact@v4', { path: 'all' });
    expect(files(path.join(m.ws, 'all'))).toEqual(['logs-a/a.log', 'logs-b/b.log', 'report/report.txt']);
    const merged = await step(downloadArtifact, m, 'actions/download-artifact@v4', { path: 'merged', pattern: 'logs-*', 'merge-multiple': true });
    expect(merged.log).toContain('Total of 2 artifact(s) downloaded');
    expect(files(path.join(m.ws, 'merged'))).toEqual(['a.log', 'b.log']);
  });

  it('reads another local run with run-id, and explains what cannot be downloaded', async () => {
    const m = machine();
    await step(uploadArtifact, m, 'actions/upload-artifact@v4', { name: 'r', path: 'report.txt' }, 'run-0');
    await step(downloadArtifact, m, 'actions/download-artifact@v4', { name: 'r', 'run-id': 'run-0', path: 'prev' });
    expect(readFileSync(path.join(m.ws, 'prev/report.txt'), 'utf8')).toBe('ok');
    expect((await step(downloadArtifact, m, 'actions/download-artifact@v4', { name: 'nope' })).result.thrown).toMatch(/^Artifact not found for name: nope/);
    expect((await step(downloadArtifact, m, 'actions/download-artifact@v3', { name: 'nope' })).result.thrown).toBe('Unable to find an artifact with the name: nope');
    expect((await step(downloadArtifact, m, 'actions/download-artifact@v4', { name: 'r', repository: 'other/repo' })).result.thrown).toContain('cannot be downloaded by a local run');
    expect(existsSync(path.join(m.ws, 'nope'))).toBe(false);
  });

  it('rejects artifact names GitHub rejects', () => {
    expect(() => checkArtifactName('a/b')).toThrow('The artifact name is not valid: a/b. Contains the following character: "/"');
    expect(() => checkArtifactName('..')).toThrow('The artifact name is not valid: ..');
    expect(() => checkArtifactName('ok-name_1.0')).not.toThrow();
  });
});
