/**
 * `actions/upload-artifact` into the local artifact store. v4 and later (the default for a branch
 * or commit ref): an artifact is immutable unless `overwrite: true`, hidden files are left out
 * unless `include-hidden-files: true`, outputs `artifact-id`, `artifact-url`, `artifact-digest`.
 * v3 and earlier: uploads of one name add to the same artifact. `retention-days` and
 * `compression-level` do not apply locally (artifacts stay until the data directory is cleaned).
 */
import { homedir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { permanent } from '../../core/failure.ts';
import type { StepContext, StepExecutor, StepResult } from '../../engine/ports/step.ts';
import { appendArtifact, artifactFilesDir, writeArtifact, type ArtifactSource } from './artifact-store.ts';
import { actionMajor, booleanInput, multilineInput, noteUnusedInputs, stringInput } from './inputs.ts';
import { hasGlob, matchFiles, parsePatterns, searchRoot, type PatternSet } from './path-patterns.ts';
import { workspaceOf } from './workspace.ts';

const used = ['name', 'path', 'if-no-files-found', 'retention-days', 'compression-level', 'overwrite', 'include-hidden-files'];

/** The upload-artifact built-in. */
export const uploadArtifact: StepExecutor = {
  repeatSafe: true,
  async execute(ctx): Promise<StepResult> {
    noteUnusedInputs(ctx.step.with, used, (t) => ctx.log('system', t));
    const v4 = (actionMajor(ctx.step.uses) ?? 4) >= 4;
    const name = stringInput(ctx.step.with, 'name', 'artifact');
    const lines = multilineInput(ctx.step.with, 'path');
    if (lines.length === 0) throw permanent('Input required and not supplied: path');
    if (stringInput(ctx.step.with, 'retention-days') !== '') ctx.log('system', 'retention-days does not apply locally: artifacts stay in the data directory until it is cleaned\n');
    const patterns = parsePatterns(lines, workspaceOf(ctx), ctx.env.HOME ?? homedir());
    const sources = await filesToUpload(patterns, v4 && !booleanInput(ctx.step.with, 'include-hidden-files', false));
    if (sources.length === 0) return noFiles(ctx, lines.join(', '));
    ctx.log('stdout', `With the provided path, there will be ${sources.length} file${sources.length === 1 ? '' : 's'} uploaded\n`);
    const createdAt = ctx.clock.now();
    const manifest = v4
      ? await writeArtifact(ctx.dataDir, ctx.runId, name, sources, { replace: booleanInput(ctx.step.with, 'overwrite', false), createdAt })
      : await appendArtifact(ctx.dataDir, ctx.runId, name, sources, createdAt);
    ctx.log('stdout', `Artifact ${name} has been successfully uploaded! Final size is ${manifest.size} bytes. Artifact ID is ${manifest.id}\n`);
    if (!v4) return { outcome: 'success' };
    const url = pathToFileURL(artifactFilesDir(ctx.dataDir, ctx.runId, name)).href;
    return { outcome: 'success', outputs: { 'artifact-id': String(manifest.id), 'artifact-url': url, 'artifact-digest': manifest.digest.replace(/^sha256:/, '') } };
  },
};

/**
 * The files and their paths inside the artifact: relative to the least common ancestor of the
 * patterns' search paths; a single file named without wildcards is stored by its name alone.
 */
export async function filesToUpload(patterns: PatternSet, skipHidden: boolean): Promise<ArtifactSource[]> {
  const files = await matchFiles(patterns);
  const roots = [...new Set(patterns.include.map(searchRoot))];
  const single = files.length === 1 && patterns.include.length === 1 && !hasGlob(patterns.include[0]!) && files[0] === patterns.include[0];
  const root = single ? path.dirname(files[0]!) : commonAncestor(roots);
  return files
    .map((source) => ({ source, path: path.relative(root, source).split(path.sep).join('/') }))
    .filter((f) => !(skipHidden && f.path.split('/').some((s) => s.startsWith('.'))));
}

/** The deepest directory that holds all the given paths. */
export function commonAncestor(paths: readonly string[]): string {
  if (paths.length === 1) return paths[0]!;
  const split = paths.map((p) => p.split('/'));
  const common: string[] = [];
  for (let i = 0; split.every((s) => s[i] !== undefined && s[i] === split[0]![i]); i++) common.push(split[0]![i]!);
  return common.join('/') || '/';
}

function noFiles(ctx: StepContext, given: string): StepResult {
  const mode = stringInput(ctx.step.with, 'if-no-files-found', 'warn');
  if (!['warn', 'error', 'ignore'].includes(mode)) throw permanent(`with.if-no-files-found: "${mode}" is not one of warn, error, ignore`);
  const message = `No files were found with the provided path: ${given}. No artifacts will be uploaded.`;
  if (mode === 'error') return { outcome: 'failure', error: message };
  if (mode === 'ignore') {
    ctx.log('stdout', `${message}\n`);
    return { outcome: 'success' };
  }
  ctx.log('system', `##[warning]${message}\n`);
  return { outcome: 'success', annotations: [{ level: 'warning', message }] };
}
