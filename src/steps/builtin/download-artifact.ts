/**
 * `actions/download-artifact` from the local artifact store. With `name`: that artifact's files
 * into `path`. Without: every artifact of the run (v4: those whose name matches `pattern`), each
 * into `path/<name>/`, or all into `path` with `merge-multiple: true`. `run-id` reads another
 * local run's artifacts; artifacts of other repositories on GitHub cannot be fetched offline.
 */
import { cp } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { permanent } from '../../core/failure.ts';
import type { StepExecutor, StepResult } from '../../engine/ports/step.ts';
import { artifactFilesDir, readManifest, readManifests, type ArtifactManifest } from './artifact-store.ts';
import { actionMajor, booleanInput, noteUnusedInputs, stringInput } from './inputs.ts';
import { globToRegExp } from './path-patterns.ts';
import { githubOf, workspaceOf } from './workspace.ts';

const used = ['name', 'path', 'pattern', 'merge-multiple', 'run-id', 'repository', 'github-token', 'artifact-ids'];

/** The download-artifact built-in. */
export const downloadArtifact: StepExecutor = {
  repeatSafe: true,
  async execute(ctx): Promise<StepResult> {
    noteUnusedInputs(ctx.step.with, used, (t) => ctx.log('system', t));
    const w = ctx.step.with;
    const repository = stringInput(w, 'repository');
    const ownRepository = stringInput(githubOf(ctx), 'repository');
    if (repository !== '' && repository.toLowerCase() !== ownRepository.toLowerCase()) {
      throw permanent(`download-artifact: artifacts of ${repository} live on GitHub and cannot be downloaded by a local run; only this run's (or another local run's, with run-id) artifacts can`);
    }
    const runId = stringInput(w, 'run-id', ctx.runId);
    const home = ctx.env.HOME ?? homedir();
    const target = path.resolve(workspaceOf(ctx), stringInput(w, 'path', '.').replace(/^~(?=\/|$)/, home));
    const name = stringInput(w, 'name');
    const chosen = name !== '' ? [await named(ctx.dataDir, runId, name, (actionMajor(ctx.step.uses) ?? 4) >= 4)] : await all(ctx.dataDir, runId, stringInput(w, 'pattern'));
    const merge = name !== '' || booleanInput(w, 'merge-multiple', false);
    for (const artifact of chosen) {
      const into = merge ? target : path.join(target, artifact.name);
      await cp(artifactFilesDir(ctx.dataDir, runId, artifact.name), into, { recursive: true, force: true });
      ctx.log('stdout', `Artifact ${artifact.name} (${artifact.files.length} files, ${artifact.size} bytes) downloaded to ${into}\n`);
    }
    ctx.log('stdout', `Total of ${chosen.length} artifact(s) downloaded\nDownload artifact has finished successfully\n`);
    return { outcome: 'success', outputs: { 'download-path': target } };
  },
};

async function named(dataDir: string, runId: string, name: string, v4: boolean): Promise<ArtifactManifest> {
  const manifest = await readManifest(dataDir, runId, name);
  if (manifest) return manifest;
  throw permanent(v4 ? `Artifact not found for name: ${name}\n        Please ensure that your artifact is not expired and the artifact was uploaded using a compatible version of toolkit/upload-artifact.` : `Unable to find an artifact with the name: ${name}`);
}

async function all(dataDir: string, runId: string, pattern: string): Promise<ArtifactManifest[]> {
  const manifests = await readManifests(dataDir, runId);
  if (pattern === '') return manifests;
  const re = globToRegExp(pattern);
  return manifests.filter((m) => re.test(m.name));
}
