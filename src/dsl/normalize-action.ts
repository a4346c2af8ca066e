/**
 * The tree of an action file GitHub's parser validated → ActionDefinition (action.ts). Composite
 * steps go through the workflow step normaliser; values stay templates for the executor to evaluate.
 */
import type { Diagnostic } from '../core/errors.ts';
import type { ActionDefinition, ActionInputDefinition, ActionOutputDefinition, ActionRuns, ActionRuntime } from './action-model.ts';
import { stepsOf } from './normalize.ts';
import type { NormalizeContext } from './normalize-values.ts';
import type { ActionConditions } from './parser-adapter.ts';
import { entriesOf, field, scalarText } from './source-node.ts';
import type { SourceNode } from './source-node.ts';

/** The normalised action, plus diagnostics for step shapes the model cannot hold (then do not run it). */
export function normalizeAction(file: string, root: SourceNode, conditions: ActionConditions): { action: ActionDefinition; diagnostics: Diagnostic[] } {
  const cx: NormalizeContext = { file, diagnostics: [] };
  const action: ActionDefinition = {
    file,
    name: scalarText(field(root, 'name')) || file,
    inputs: Object.fromEntries(entriesOf(field(root, 'inputs')).map((e) => [e.key, inputOf(e.value)])),
    outputs: Object.fromEntries(entriesOf(field(root, 'outputs')).map((e) => [e.key, outputOf(e.value)])),
    runs: runsOf(cx, field(root, 'runs'), conditions),
  };
  const description = scalarText(field(root, 'description'));
  if (description !== undefined) action.description = description;
  return { action, diagnostics: cx.diagnostics };
}

function inputOf(node: SourceNode): ActionInputDefinition {
  const required = field(node, 'required');
  const input: ActionInputDefinition = { required: required?.kind === 'scalar' && (required.value === true || required.value === 'true') };
  assignText(input, node, { description: 'description', default: 'default', deprecationMessage: 'deprecationMessage' });
  return input;
}

function outputOf(node: SourceNode): ActionOutputDefinition {
  const output: ActionOutputDefinition = {};
  assignText(output, node, { description: 'description', value: 'value' });
  return output;
}

function runsOf(cx: NormalizeContext, node: SourceNode | undefined, conditions: ActionConditions): ActionRuns {
  const using = scalarText(field(node, 'using')) as ActionRuntime;
  const runs: ActionRuns = { using };
  if (using === 'composite') {
    runs.steps = stepsOf(cx, field(node, 'steps'), conditions.steps, 'runs.steps');
    return runs;
  }
  assignText(runs, node, { main: 'main', pre: 'pre', post: 'post', image: 'image', entrypoint: 'entrypoint', preEntrypoint: 'pre-entrypoint', postEntrypoint: 'post-entrypoint' });
  if (conditions.preIf !== undefined) runs.preIf = conditions.preIf;
  if (conditions.postIf !== undefined) runs.postIf = conditions.postIf;
  const args = field(node, 'args');
  if (args?.kind === 'sequence') runs.args = args.items.map((n) => scalarText(n) ?? '');
  const env = field(node, 'env');
  if (env?.kind === 'mapping') runs.env = Object.fromEntries(env.entries.map((e) => [e.key, scalarText(e.value) ?? '']));
  return runs;
}

/** Copies the scalar fields named (model key → YAML key) that the node has. */
function assignText<T extends object>(target: T, node: SourceNode | undefined, keys: Partial<Record<keyof T, string>>): void {
  for (const [key, yamlKey] of Object.entries(keys) as Array<[string, string]>) {
    const value = scalarText(field(node, yamlKey));
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}
