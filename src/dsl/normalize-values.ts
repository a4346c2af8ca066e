/**
 * Reading values out of the SourceNode tree into the model's shapes. The parser has already
 * checked types against GitHub's schema, so these read leniently; the one thing they refuse is a
 * shape the model cannot hold (a whole mapping given as one expression), reported as a diagnostic.
 */
import type { Diagnostic } from '../core/errors.ts';
import type { Template, TemplateValue } from './model.ts';
import { locate, scalarText } from './source-node.ts';
import type { SourceNode } from './source-node.ts';

/** Where normalisation reports shapes it cannot represent. */
export interface NormalizeContext {
  file: string;
  diagnostics: Diagnostic[];
}

/** A YAML value as plain data; mappings are built with own properties only (`__proto__` is a key). */
export function toValue(node: SourceNode): TemplateValue {
  switch (node.kind) {
    case 'scalar': return node.value;
    case 'sequence': return node.items.map(toValue);
    case 'mapping': return Object.fromEntries(node.entries.map((e) => [e.key, toValue(e.value)]));
  }
}

/** A mapping of values (`env:`, `with:`); {} when absent or empty. */
export function toValueMap(cx: NormalizeContext, node: SourceNode | undefined, what: string): Record<string, TemplateValue> {
  if (node === undefined || (node.kind === 'scalar' && node.value === null)) return {};
  if (node.kind === 'mapping') return Object.fromEntries(node.entries.map((e) => [e.key, toValue(e.value)]));
  unsupported(cx, node, `${what} must be written as a mapping: autodevops does not support one expression for the whole of it`);
  return {};
}

/** A mapping of templates (`outputs:`, `secrets:`). */
export function toTemplateMap(cx: NormalizeContext, node: SourceNode | undefined, what: string): Record<string, Template> {
  if (node?.kind !== 'mapping') {
    toValueMap(cx, node, what);
    return {};
  }
  // GitHub's schema allows only scalars here.
  return Object.fromEntries(node.entries.map((e) => [e.key, scalarText(e.value) ?? '']));
}

/** A scalar as template text; undefined when absent. */
export function toTemplate(node: SourceNode | undefined): Template | undefined {
  return scalarText(node);
}

/** A number, or a template that evaluates to one (`timeout-minutes: ${{ inputs.t }}`). */
export function toNumberOrTemplate(node: SourceNode | undefined): number | Template | undefined {
  if (node?.kind === 'scalar' && typeof node.value === 'number') return node.value;
  return scalarText(node);
}

/** A boolean, or a template that evaluates to one; `fallback` when absent. */
export function toBooleanOrTemplate(node: SourceNode | undefined, fallback: boolean): boolean | Template {
  if (node?.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
  return scalarText(node) || fallback;
}

/** A list of strings from a string or a sequence of strings (`branches: main` or `[main, dev]`). */
export function toStringList(node: SourceNode | undefined): string[] | undefined {
  if (node === undefined) return undefined;
  if (node.kind === 'sequence') return node.items.map((n) => scalarText(n) ?? '');
  const one = scalarText(node);
  return one === undefined ? undefined : [one];
}

/** Records that a value has a shape the model cannot hold. */
export function unsupported(cx: NormalizeContext, at: SourceNode, message: string): void {
  cx.diagnostics.push({ location: locate(cx.file, at), message });
}
