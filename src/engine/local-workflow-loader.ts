/** Reads a called workflow given as `./path` relative to the workspace (the repository root). */
import path from 'node:path';
import { readWorkflowFile } from '../dsl/index.ts';

/** The default loader of reusable workflows: local paths only. */
export async function loadLocalWorkflow(uses: string, workdir: string): Promise<{ file: string; text: string }> {
  if (!uses.startsWith('./')) {
    throw new Error(`remote reusable workflows (${uses}) need a workflow loader that can fetch them; reference a local copy as ./path or configure actions fetching`);
  }
  const { text } = await readWorkflowFile(path.resolve(workdir, uses.split('@')[0]!));
  return { file: uses.slice(2).split('@')[0]!, text };
}
