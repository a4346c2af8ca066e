/**
 * Reads called (reusable) workflows: `./path` from the workspace, `owner/repo/path@ref` fetched with
 * git like remote actions (same server, cache by commit, offline mode and overrides).
 */
import path from 'node:path';
import { readWorkflowFile } from '../dsl/index.ts';
import { loadLocalWorkflow } from '../engine/local-workflow-loader.ts';
import type { WorkflowLoader } from '../engine/reusable-workflow.ts';
import type { ActionFetcher } from '../steps/actions/action-fetcher.ts';
import { parseActionReference } from '../steps/actions/action-reference.ts';

/** A loader for local and remote reusable workflows. */
export function createWorkflowLoader(fetcher: ActionFetcher, overrides: Record<string, string>): WorkflowLoader {
  return async (uses, workdir) => {
    if (uses.startsWith('./')) return loadLocalWorkflow(uses, workdir);
    const ref = parseActionReference(uses);
    if (ref?.kind !== 'remote' || !/\.ya?ml$/.test(ref.path)) {
      throw new Error(`"${uses}" is not a reusable workflow reference; write ./.github/workflows/x.yml or owner/repo/.github/workflows/x.yml@ref`);
    }
    const local = overrides[`${ref.owner}/${ref.repo}@${ref.ref}`] ?? overrides[`${ref.owner}/${ref.repo}`];
    const dir = local ?? (await fetcher.fetch(ref)).dir;
    const { text } = await readWorkflowFile(path.join(dir, ref.path));
    return { file: `${ref.owner}/${ref.repo}/${ref.path}@${ref.ref}`, text };
  };
}
