/**
 * A local reusable workflow (`jobs.<id>.uses: ./.github/workflows/x.yml`) read before the run, so
 * the policy and `validate --compat` can look at the jobs it will run. A remote one is not fetched,
 * and one that cannot be read or parsed is left to the run, which reports it where it is called.
 */
import path from 'node:path';
import type { TemplateValue, WorkflowDefinition } from '../dsl/model.ts';
import { parseWorkflowText, readWorkflowFile } from '../dsl/index.ts';

/** How deep calls nest on GitHub (a caller and three levels of called workflows). */
export const maxCallDepth = 4;

/** The called workflow, or undefined when it is remote or cannot be read and parsed. */
export async function loadCalledWorkflow(uses: string, workspace: string): Promise<WorkflowDefinition | undefined> {
  if (!uses.startsWith('./')) return undefined;
  const relative = uses.split('@')[0]!;
  try {
    const { text } = await readWorkflowFile(path.resolve(workspace, relative));
    return await parseWorkflowText(relative.slice(2), text);
  } catch {
    return undefined;
  }
}

/**
 * The `inputs` a called workflow sees, as far as they are known before the run: its
 * `workflow_call` defaults, overlaid with the caller's `with:` values that hold no expression.
 */
export function calledInputs(called: WorkflowDefinition, given: Record<string, TemplateValue> | undefined): Record<string, unknown> {
  const defaults = Object.entries(called.on.workflow_call?.inputs ?? {}).filter(([, def]) => def.default !== undefined).map(([name, def]) => [name, def.default]);
  const literal = Object.entries(given ?? {}).filter(([, value]) => !JSON.stringify(value).includes('${{'));
  return { ...Object.fromEntries(defaults), ...Object.fromEntries(literal) };
}
