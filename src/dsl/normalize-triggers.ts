/**
 * `on:` as written — one event, a list of events, or a mapping of events with their filters — into
 * the model's map of triggers. Kept as written: the server's trigger matching reads the filters.
 */
import type { InputDefinition, TriggerDefinition } from './model.ts';
import { toStringList, toTemplate } from './normalize-values.ts';
import { entriesOf, field, scalarText } from './source-node.ts';
import type { SourceNode } from './source-node.ts';

const listFilters = ['types', 'branches', 'branches-ignore', 'tags', 'tags-ignore', 'paths', 'paths-ignore'] as const;

/** The triggers of `on:`, by event name, in file order. */
export function normalizeTriggers(on: SourceNode | undefined): Record<string, TriggerDefinition> {
  if (on?.kind === 'mapping') return Object.fromEntries(on.entries.map((e) => [e.key, trigger(e.key, e.value)]));
  // `on: push` or `on: [push, pull_request]`: events without filters.
  return Object.fromEntries((toStringList(on) ?? []).map((event) => [event, {}]));
}

function trigger(event: string, node: SourceNode): TriggerDefinition {
  if (event === 'schedule') return { cron: scheduleCrons(node) };
  const result: TriggerDefinition = {};
  for (const name of listFilters) {
    const list = toStringList(field(node, name));
    if (list !== undefined) result[name] = list;
  }
  const inputs = field(node, 'inputs');
  if (inputs !== undefined) result.inputs = inputDefinitions(inputs);
  if (event === 'workflow_call') addCallInterface(result, node);
  return result;
}

function scheduleCrons(node: SourceNode): string[] {
  const items = node.kind === 'sequence' ? node.items : [];
  return items.map((item) => scalarText(field(item, 'cron'))).filter((c): c is string => c !== undefined);
}

function inputDefinitions(node: SourceNode): Record<string, InputDefinition> {
  return Object.fromEntries(entriesOf(node).map((e) => [e.key, inputDefinition(e.value)]));
}

function inputDefinition(node: SourceNode): InputDefinition {
  const type = (scalarText(field(node, 'type')) || 'string') as InputDefinition['type'];
  const result: InputDefinition = { type, required: booleanField(node, 'required') };
  const description = scalarText(field(node, 'description'));
  if (description !== undefined) result.description = description;
  const dflt = field(node, 'default');
  if (dflt?.kind === 'scalar' && dflt.value !== null) result.default = dflt.value;
  const options = field(node, 'options');
  if (options !== undefined) result.options = toStringList(options) ?? [];
  return result;
}

function addCallInterface(result: TriggerDefinition, node: SourceNode): void {
  const secrets = field(node, 'secrets');
  if (secrets !== undefined) {
    result.secrets = Object.fromEntries(entriesOf(secrets).map((e) => [e.key, described(e.value, { required: booleanField(e.value, 'required') })]));
  }
  const outputs = field(node, 'outputs');
  if (outputs !== undefined) {
    result.outputs = Object.fromEntries(entriesOf(outputs).map((e) => [e.key, described(e.value, { value: toTemplate(field(e.value, 'value')) ?? '' })]));
  }
}

function described<T extends object>(node: SourceNode, base: T): T & { description?: string } {
  const description = scalarText(field(node, 'description'));
  return description === undefined ? base : { ...base, description };
}

function booleanField(node: SourceNode, key: string): boolean {
  const value = field(node, key);
  return value?.kind === 'scalar' && value.value === true;
}
